// Suggestions from /search under the search box, as an ARIA 1.2 combobox with a listbox popup:
// ArrowDown / ArrowUp move through the suggestions, Enter opens the one chosen (or searches when
// none is), Escape closes the list; a click opens a suggestion.
import { el, hitLine, href, t } from "./common.js";

const LIMIT = 8;
const DELAY_MS = 150;

function attach(input) {
  const list = document.getElementById(input.getAttribute("aria-controls"));
  const endpoint = input.dataset.suggest;
  let active = -1;
  let timer = null;
  let pending = null;

  const options = () => [...list.querySelectorAll('[role="option"]')];

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(index) {
    const all = options();
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", all[index].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function show(hits) {
    if (!hits.length) {
      close();
      return;
    }
    list.replaceChildren(...hits.map((hit, i) => {
      const option = el("li", { role: "option", id: `${list.id}-${i}`, "aria-selected": "false",
        "data-href": href(hit.id) }, ...hitLine(hit));
      option.addEventListener("mousedown", (event) => event.preventDefault());  // keep focus in the box
      option.addEventListener("click", () => { window.location.href = option.dataset.href; });
      return option;
    }));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  async function suggest() {
    const q = input.value.trim();
    pending?.abort();
    if (!q) {
      close();
      return;
    }
    pending = new AbortController();
    const params = new URLSearchParams({ q, limit: LIMIT });
    try {
      const response = await fetch(`${endpoint}?${params}`, { headers: { Accept: "application/json" }, signal: pending.signal });
      if (response.ok && input.value.trim() === q) show((await response.json()).results);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const count = options().length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      choose((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      choose(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options()[active].dataset.href;
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
  list.setAttribute("aria-label", t("搜索建议", "Suggestions"));
}

document.querySelectorAll('input[role="combobox"][data-suggest]').forEach(attach);

// Search results from /search, grouped by the most specific type of each result.
import { el, href, pick, t } from "./common.js";

const results = document.getElementById("results");
const status = document.getElementById("search-status");
const classes = JSON.parse(document.getElementById("classes").textContent);
const LIMIT = 50;

/** The type of a result that is no superclass of its other types (its group). */
function groupOf(types) {
  const isSuperclass = (type) => types.some((other) => other !== type && classes[other]?.super.includes(type));
  const specific = types.filter((type) => !isSuperclass(type));
  return specific[0] || types[0] || "";
}

function groupTitle(type) {
  return pick(classes[type]?.label) || type.split(/[#/]/).pop() || t("其他", "Other");
}

function resultItem(hit) {
  const key = hit.identifier || hit.code;
  return el("li", { "data-id": hit.id },
    key ? el("strong", { class: "key" }, `${key} `) : null,
    el("a", { href: href(hit.id) }, pick(hit.label) || key || hit.id),
    el("small", { class: "matched" }, ` ${t("匹配", "matched")}: ${hit.matched}`));
}

async function search(q) {
  status.textContent = status.dataset.searching;
  const response = await fetch(`${results.dataset.search}?${new URLSearchParams({ q, limit: LIMIT })}`, {
    headers: { Accept: "application/json" },
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    status.textContent = status.dataset.failed + (answer.message || response.status);
    return;
  }
  const groups = new Map();  // in order of each group's best result
  for (const hit of answer.results) {
    const group = groupOf(hit.type);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(hit);
  }
  results.replaceChildren(...[...groups].map(([type, hits]) =>
    el("section", { class: "result-group", "data-type": type },
      el("h2", {}, groupTitle(type), el("span", { class: "count" }, ` (${hits.length})`)),
      el("ul", {}, ...hits.map(resultItem)))));
  status.textContent = answer.results.length ? `${answer.results.length} ${status.dataset.count}` : status.dataset.none;
}

const q = new URLSearchParams(window.location.search).get("q")?.trim();
if (q) search(q).catch((error) => { status.textContent = status.dataset.failed + error.message; });

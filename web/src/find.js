// Search results from /search: the true total, a page of results grouped by the most specific type of each,
// the counts by type (a filter), and links to the other pages. State lives in the URL (q, type, page).
import { el, hitLine, href, pick, t } from "./common.js";

const results = document.getElementById("results");
const status = document.getElementById("search-status");
const facets = document.getElementById("facets");
const pager = document.getElementById("pager");
const classes = JSON.parse(document.getElementById("classes").textContent);
const LIMIT = 50;

/** The type of a result that is no superclass of its other types (its group). */
function groupOf(types) {
  const isSuperclass = (type) => types.some((other) => other !== type && classes[other]?.super.includes(type));
  const specific = types.filter((type) => !isSuperclass(type));
  return specific[0] || types[0] || "";
}

function typeTitle(type, label) {
  return pick(label || classes[type]?.label) || type.split(/[#/]/).pop() || t("其他", "Other");
}

function resultItem(hit) {
  return el("li", { "data-id": hit.id }, ...hitLine(hit, (name) => el("a", { href: href(hit.id) }, name)),
    el("small", { class: "matched" }, ` ${t("匹配", "matched")}: ${hit.matched}`));
}

/** This page's URL with some parameters changed (null removes one). */
function linkWith(changes) {
  const params = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name); else params.set(name, value);
  }
  return `?${params}`;
}

function facetList(answer, chosen) {
  const all = el("li", {}, el("a", { href: linkWith({ type: null, page: null }),
    "aria-current": chosen ? null : "true" }, t("全部", "All")));
  return el("ul", {}, all, ...answer.facets.map((facet) => el("li", { "data-type": facet.type },
    el("a", { href: linkWith({ type: facet.type, page: null }), "aria-current": facet.type === chosen ? "true" : null },
      typeTitle(facet.type, facet.label), el("span", { class: "count" }, ` (${facet.count})`)))));
}

function pageLinks(answer, page) {
  const last = Math.max(1, Math.ceil(answer.total / LIMIT));
  const link = (number, text, rel) => el("a", { href: linkWith({ page: number }), rel }, text);
  return [
    page > 1 ? link(page - 1, t("上一页", "Previous"), "prev") : null,
    el("span", { class: "page" }, t(`第 ${page} / ${last} 页`, `Page ${page} of ${last}`)),
    page < last ? link(page + 1, t("下一页", "Next"), "next") : null,
  ];
}

async function search(q, type, page) {
  status.textContent = status.dataset.searching;
  const params = new URLSearchParams({ q, limit: LIMIT, offset: (page - 1) * LIMIT });
  if (type) params.set("type", type);
  const response = await fetch(`${results.dataset.search}?${params}`, { headers: { Accept: "application/json" } });
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
  results.replaceChildren(...[...groups].map(([group, hits]) =>
    el("section", { class: "result-group", "data-type": group },
      el("h2", {}, typeTitle(group), el("span", { class: "count" }, ` (${hits.length})`)),
      el("ul", {}, ...hits.map(resultItem)))));
  facets.replaceChildren(el("h2", { id: "facets-title" }, t("按类型", "By type")), facetList(answer, type));
  facets.hidden = !answer.facets.length;
  pager.replaceChildren(...pageLinks(answer, page).filter(Boolean));
  pager.hidden = answer.total <= LIMIT;
  const first = answer.offset + 1;
  const shown = `${first}–${answer.offset + answer.results.length}`;
  status.textContent = answer.total
    ? t(`共 ${answer.total} 条结果，显示第 ${shown} 条`, `${answer.total} results, showing ${shown}`)
    : status.dataset.none;
}

const params = new URLSearchParams(window.location.search);
const q = params.get("q")?.trim();
const page = Math.max(1, Number.parseInt(params.get("page") || "1", 10) || 1);
if (q) search(q, params.get("type"), page).catch((error) => { status.textContent = status.dataset.failed + error.message; });

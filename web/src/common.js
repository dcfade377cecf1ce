// Helpers shared by the page scripts. Data are only ever set as text (append / textContent),
// never parsed as HTML, so a label holding markup shows as text.

export const BASE = "https://w3id.org/aistd-kg/";
export const lang = document.documentElement.lang === "zh" ? "zh" : "en";

/** The page language's word of a pair. */
export const t = (zh, en) => (lang === "zh" ? zh : en);

/** A {zh, en} label in the page's language, else the other one. */
export function pick(labels) {
  return (labels && (labels[lang] || labels[lang === "zh" ? "en" : "zh"])) || "";
}

/** A row's label in the page's language from its <stem>Zh / <stem>En columns. */
export function pickColumns(row, stem = "label") {
  return pick({ zh: row[`${stem}Zh`], en: row[`${stem}En`] });
}

/** An element with attributes and children; strings become text nodes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

/** A search hit's line: its key (identifier or code), its name (passed through `name`), its framework. */
export function hitLine(hit, name = (text) => text) {
  const key = hit.identifier || hit.code;
  return [
    key ? el("strong", { class: "key" }, `${key} `) : null,
    name(pick(hit.label) || key || hit.id),
    hit.framework ? el("small", { class: "context" }, ` (${pick(hit.framework.label)})`) : null,
  ];
}

/** The local page of one of the project's IRIs; other IRIs unchanged. */
export function href(iri) {
  return iri.startsWith(BASE) ? iri.slice(BASE.length - 1) : iri;
}

/** Run a named query (/queries/<name>) and return its rows as {variable: lexical form}. */
export async function rows(name, params = {}) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`/queries/${encodeURIComponent(name)}${query ? `?${query}` : ""}`, {
    headers: { Accept: "application/sparql-results+json" },
  });
  if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
  const answer = await response.json();
  return answer.results.bindings.map((binding) =>
    Object.fromEntries(Object.entries(binding).map(([variable, term]) => [variable, term.value])));
}

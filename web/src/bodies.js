// The bodies page: the graph of the table's links, drawn with cytoscape in columns by band (bodies-layout.js),
// a group named by its short name under its committee. Selecting a body (click, the search box or the list of
// bodies) highlights it and its neighbours and lists them; clicking it again opens its page. The search, the
// relations shown, the selected body and the table's sort and filter are kept in the URL.
import cytoscape from "cytoscape";
import { LABEL_WIDTH, layout } from "./bodies-layout.js";
import { el, href, t } from "./common.js";
import { sortableTable } from "./sortable-table.js";

const COLORS = { committee: "#1b6ca8", group: "#3a9d5d", organization: "#e07a1f" };
const EDGES = { subOrganizationOf: "#888", mirrors: "#c23b3b", hasSecretariat: "#7d5ba6" };
const RELATIONS = {
  subOrganizationOf: [t("隶属于", "is part of"), t("下设", "has as part")],
  mirrors: [t("对口", "mirrors"), t("被对口", "is mirrored by")],
  hasSecretariat: [t("秘书处为", "has its secretariat at"), t("承担秘书处", "holds the secretariat of")],
};

const search = document.getElementById("body-search");
const searchStatus = document.getElementById("search-status");
const relationBoxes = [...document.querySelectorAll("#relation-filters input[name=rel]")];
const panel = document.getElementById("selected");
const url = new URL(window.location.href);
const bandNames = JSON.parse(document.getElementById("graph").dataset.bands);  // the band names, as the page writes them

const bodies = new Map(JSON.parse(document.getElementById("bands").textContent).map((body) => [body.iri, body]));
const links = [];
const kinds = new Map();
for (const row of document.querySelectorAll("#links-table tbody tr")) {
  const [from, , to] = row.cells;
  kinds.set(from.dataset.iri, from.dataset.kind).set(to.dataset.iri, to.dataset.kind);
  links.push({ source: from.dataset.iri, target: to.dataset.iri, relation: row.dataset.relation });
}
const parts = links.filter((link) => link.relation === "subOrganizationOf").map((link) => [link.source, link.target]);
const isPart = new Set(parts.map(([part]) => part));
const drawn = (iri) => {
  const body = bodies.get(iri);
  return kinds.get(iri) === "group" && isPart.has(iri) && body.short ? body.short : body.name;
};
const { positions, parent, columns } = layout(new Map([...bodies].map(([iri, body]) => [iri, { label: drawn(iri), band: body.band }])), parts);

const graph = cytoscape({
  container: document.getElementById("graph"),
  elements: [
    ...[...bodies.keys()].map((iri) => ({ data: { id: iri, label: drawn(iri), kind: kinds.get(iri) }, position: positions.get(iri) })),
    ...columns.map(({ band, x }) => ({ data: { id: `band-${band}`, label: bandNames[band] }, position: { x, y: -36 },
      classes: "band", selectable: false, grabbable: false })),
    ...links.map(({ source, target, relation }, i) => ({
      data: { id: `link-${i}`, source, target, relation, outline: relation === "subOrganizationOf" && parent.get(source) === target } })),
  ],
  layout: { name: "preset" },
  minZoom: 0.25,
  maxZoom: 2,
  userZoomingEnabled: false,  // the wheel scrolls the page; the buttons zoom
  style: [
    { selector: "node", style: {
      "background-color": (node) => COLORS[node.data("kind")], label: "data(label)", "font-size": 12, color: "#1f2328",
      "text-wrap": "wrap", "text-max-width": LABEL_WIDTH, "text-halign": "right", "text-valign": "center",
      "text-margin-x": 5, width: 12, height: 12 } },
    { selector: "edge", style: {
      "line-color": (edge) => EDGES[edge.data("relation")], "target-arrow-color": (edge) => EDGES[edge.data("relation")],
      "target-arrow-shape": "triangle", "curve-style": "straight", width: 1.5, "arrow-scale": 0.7 } },
    { selector: "edge[?outline]", style: { "curve-style": "taxi", "taxi-direction": "leftward", "taxi-turn": "100%",
      "target-arrow-shape": "none", "source-endpoint": "-6 0", "target-endpoint": "0 6" } },
    { selector: "edge[relation != 'subOrganizationOf']", style: { "line-style": "dashed", width: 2 } },
    { selector: "node.band", style: { "background-opacity": 0, "font-size": 15, "font-weight": "bold", "text-margin-x": -6,
      events: "no" } },
    { selector: ".hidden", style: { display: "none" } },
    { selector: ".faded", style: { opacity: 0.15 } },
    { selector: "node.match", style: { "font-weight": "bold", "background-color": "#111", "border-width": 3, "border-color": "#f5c518" } },
    { selector: "node:selected, node.chosen", style: { "border-width": 4, "border-color": "#111", "font-weight": "bold",
      "text-background-color": "#fff1b8", "text-background-opacity": 1, "text-background-padding": 2 } },
    { selector: "edge.near", style: { width: 3.5, "z-index": 10 } },
  ],
});
graph.zoom(1);
graph.pan({ x: 16, y: 56 });
document.getElementById("zoom").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-zoom]");
  if (!button) return;
  if (button.dataset.zoom === "fit") graph.fit(undefined, 16);
  else graph.zoom({ level: graph.zoom() * Number(button.dataset.zoom), renderedPosition: { x: graph.width() / 2, y: graph.height() / 2 } });
});

/** Put the page's state in its URL, leaving out what is as it is by default. */
function remember(name, value) {
  url.searchParams.delete(name);
  for (const one of [].concat(value)) if (one) url.searchParams.append(name, one);
  history.replaceState(null, "", url);
}

let chosen = null;

/** Select a body: it and its shown neighbours stand out, the rest fades; the panel names its links. */
function select(iri) {
  chosen = iri && bodies.has(iri) ? iri : null;
  graph.elements().removeClass("faded near chosen");
  panel.hidden = !chosen;
  remember("body", chosen);
  if (!chosen) return;
  const node = graph.getElementById(chosen);
  const near = node.connectedEdges().not(".hidden");
  const around = near.connectedNodes().union(node);
  graph.elements().not(around).not(near).not(".band").addClass("faded");
  near.addClass("near");
  node.addClass("chosen");
  graph.center(node);
  const body = bodies.get(chosen);
  document.getElementById("selected-name").textContent = body.name;
  document.getElementById("selected-link").setAttribute("href", href(chosen));
  document.getElementById("selected-neighbours").replaceChildren(...near.map((edge) => {
    const outgoing = edge.source().id() === chosen;
    const other = outgoing ? edge.target().id() : edge.source().id();
    return el("li", { "data-iri": other }, `${RELATIONS[edge.data("relation")][outgoing ? 0 : 1]} `,
      el("button", { type: "button", "data-select": other }, bodies.get(other).name));
  }));
}

/** Show only the links of the chosen relations, in the graph and the table. */
function showRelations() {
  const shown = new Set(relationBoxes.filter((box) => box.checked).map((box) => box.value));
  graph.edges().forEach((edge) => edge.toggleClass("hidden", !shown.has(edge.data("relation"))));
  table.keep = (row) => shown.has(row.dataset.relation);
  table.apply({});
  remember("rel", shown.size === relationBoxes.length ? [] : [...shown]);
  select(chosen);
}

/** The bodies whose full name holds the search words: marked in the graph and left in the list. */
function find() {
  const words = search.value.trim().toLowerCase();
  const matches = words ? [...bodies.keys()].filter((iri) => bodies.get(iri).name.toLowerCase().includes(words)) : [];
  graph.nodes().removeClass("match");
  for (const iri of matches) graph.getElementById(iri).addClass("match");
  for (const item of document.querySelectorAll(".body-list li[data-iri]")) {
    item.hidden = Boolean(words) && !matches.includes(item.dataset.iri);
  }
  if (words) document.querySelector(".body-list").open = true;
  searchStatus.textContent = words ? t(`${matches.length} 个机构符合；按回车选择第一个`,
    `${matches.length} bodies match; press Enter to select the first`) : "";
  remember("find", search.value);
  return matches;
}

const table = sortableTable(document.getElementById("links-table"), document.getElementById("table-filter"), (state) => {
  remember("sort", state.sort);
  remember("order", state.order === "descending" ? state.order : "");
  remember("q", state.q);
  countRows();
});
const tableStatus = document.getElementById("table-status");
function countRows() {
  const shown = table.rows.filter((row) => !row.hidden).length;
  tableStatus.textContent = tableStatus.dataset.template.replace("{shown}", shown).replace("{total}", table.rows.length);
}

graph.on("tap", "node", (event) => {
  const iri = event.target.id();
  if (iri === chosen) window.location.href = href(iri);
  else select(iri);
});
graph.on("tap", (event) => { if (event.target === graph) select(null); });
graph.on("mouseover", "node", (event) => { graph.container().title = bodies.get(event.target.id())?.name || ""; });
graph.on("mouseout", "node", () => { graph.container().title = ""; });
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-select]");
  if (button) select(button.dataset.select);
});
document.getElementById("graph-controls").addEventListener("submit", (event) => {
  event.preventDefault();
  const [first] = find();
  if (!first) return;
  select(first);
  graph.container().scrollIntoView({ block: "nearest" });
});
search.addEventListener("input", find);
for (const box of relationBoxes) box.addEventListener("change", showRelations);

const asked = url.searchParams.getAll("rel");
for (const box of relationBoxes) box.checked = !asked.length || asked.includes(box.value);
search.value = url.searchParams.get("find") || "";
table.apply({ sort: url.searchParams.get("sort") || "", order: url.searchParams.get("order") || "ascending",
  q: url.searchParams.get("q") || "" });
chosen = url.searchParams.get("body");
showRelations();
find();
countRows();
document.getElementById("graph-status").textContent =
  t(`${bodies.size} 个机构，${links.length} 条关系`, `${bodies.size} bodies, ${links.length} links`);
window.bodiesGraph = graph;  // for tests and the console

// The bodies page's graph, drawn with cytoscape from the page's table of links; a node opens its page.
import cytoscape from "cytoscape";
import { href, t } from "./common.js";

const COLORS = { committee: "#1b6ca8", group: "#3a9d5d", organization: "#e07a1f" };
const EDGES = { subOrganizationOf: "#888", mirrors: "#c23b3b", hasSecretariat: "#7d5ba6" };

const nodes = new Map();
const edges = [];
for (const row of document.querySelectorAll("#links-table tbody tr")) {
  const [from, , to] = row.cells;
  for (const cell of [from, to]) {
    const { iri, kind } = cell.dataset;
    nodes.set(iri, { data: { id: iri, label: cell.textContent.trim(), kind } });
  }
  edges.push({ data: { source: from.dataset.iri, target: to.dataset.iri, relation: row.dataset.relation } });
}

const graph = cytoscape({
  container: document.getElementById("graph"),
  elements: [...nodes.values(), ...edges],
  style: [
    { selector: "node", style: {
      "background-color": (node) => COLORS[node.data("kind")], label: "data(label)", "font-size": 9,
      "text-wrap": "ellipsis", "text-max-width": 120, "text-valign": "bottom", "text-margin-y": 2,
      width: 14, height: 14 } },
    { selector: "edge", style: {
      "line-color": (edge) => EDGES[edge.data("relation")],
      "target-arrow-color": (edge) => EDGES[edge.data("relation")],
      "target-arrow-shape": "triangle", "curve-style": "bezier", width: 1.5, "arrow-scale": 0.7 } },
    { selector: "edge[relation != 'subOrganizationOf']", style: { "line-style": "dashed", width: 2 } },
  ],
  layout: { name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 40, randomize: false },
});
graph.on("tap", "node", (event) => { window.location.href = href(event.target.id()); });
document.getElementById("graph-status").textContent =
  t(`${nodes.size} 个机构，${edges.length} 条关系`, `${nodes.size} bodies, ${edges.length} links`);
window.bodiesGraph = graph;  // for tests and the console

// The comparison page: lines between the mapped categories of the two trees, and the filters
// (predicate, minimum confidence) that choose which mappings are shown, in the lines and the table.
const compare = document.getElementById("compare");
const svg = document.getElementById("links");
const mappings = [...document.querySelectorAll("#mapping-table tbody tr[data-predicate]")];
const predicates = [...document.querySelectorAll("#filters input[name=predicate]")];
const confidence = document.getElementById("confidence");
const count = document.getElementById("mapping-count");
const SVG = "http://www.w3.org/2000/svg";

/** What shows a category: its heading, or that of its outermost collapsed ancestor. */
function anchor(side, iri) {
  const item = compare.querySelector(`.tree[data-side=${side}] li[data-iri="${CSS.escape(iri)}"]`);
  if (!item) return null;
  let shown = item.querySelector(":scope > details > summary, :scope > .leaf");
  let details = item.parentElement.closest("details");
  for (; details; details = details.parentElement.closest("details")) {
    if (!details.open) shown = details.querySelector(":scope > summary");
  }
  return shown;
}

function shownMappings() {
  const chosen = new Set(predicates.filter((box) => box.checked).map((box) => box.value));
  const least = Number(confidence.value);
  return mappings.filter((row) => chosen.has(row.dataset.predicate) && Number(row.dataset.confidence) >= least);
}

function draw() {
  const shown = new Set(shownMappings());
  for (const row of mappings) row.hidden = !shown.has(row);
  const box = svg.getBoundingClientRect();
  svg.setAttribute("viewBox", `0 0 ${box.width} ${box.height}`);
  const lines = [...shown].map((row) => {
    const [left, right] = [anchor("left", row.dataset.left), anchor("right", row.dataset.right)];
    if (!left || !right) return null;
    const y = (element) => { const r = element.getBoundingClientRect(); return r.top + r.height / 2 - box.top; };
    const [y1, y2, w] = [y(left), y(right), box.width];
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", `M0,${y1} C${w / 2},${y1} ${w / 2},${y2} ${w},${y2}`);
    path.setAttribute("class", `link ${row.dataset.predicate.split("#").pop()}`);
    path.setAttribute("stroke-width", String(0.5 + 2.5 * Number(row.dataset.confidence)));
    return path;
  });
  svg.replaceChildren(...lines.filter(Boolean));
  count.textContent = count.dataset.template.replace("{shown}", shown.size).replace("{total}", mappings.length);
}

document.getElementById("filters").addEventListener("input", () => {
  document.getElementById("confidence-value").textContent = confidence.value;
  draw();
});
compare.addEventListener("toggle", draw, true);  // toggle does not bubble: listen while it is captured
new ResizeObserver(draw).observe(compare);
draw();

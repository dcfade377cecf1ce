// The comparison page: lines from each left category's label to its counterparts' labels on the right, the
// filters (relation, minimum confidence) that choose which mappings are shown, kept in the URL, and the lines
// and counterparts of a category highlighted while it is hovered or focused. On a phone no lines are drawn:
// each category lists its counterparts instead (the same filters hide them).
const compare = document.getElementById("compare");
const svg = document.getElementById("links");
const form = document.getElementById("compare-form");
const mappings = [...document.querySelectorAll("#mapping-table tbody tr[data-predicate]")];
const relations = [...form.querySelectorAll("input[name=relation]")];
const confidence = document.getElementById("confidence");
const count = document.getElementById("mapping-count");
const SVG = "http://www.w3.org/2000/svg";

const name = (side, iri) => compare.querySelector(`.tree[data-side=${side}] li[data-iri="${CSS.escape(iri)}"] > .category > .name`);
const predicate = (row) => row.dataset.predicate.split("#").pop();

function shownMappings() {
  const chosen = new Set(relations.filter((box) => box.checked).map((box) => box.value));
  const least = Number(confidence.value);
  return mappings.filter((row) => chosen.has(predicate(row)) && Number(row.dataset.confidence) >= least);
}

/** The filters as the page's URL: all relations chosen is the default, left out. */
function remember() {
  const params = new URLSearchParams(new FormData(form));
  if (relations.every((box) => box.checked)) params.delete("relation");
  else if (!relations.some((box) => box.checked)) params.set("relation", "");
  if (Number(confidence.value) === 0) params.delete("confidence");
  const lang = new URLSearchParams(window.location.search).get("lang");
  if (lang) params.set("lang", lang);
  history.replaceState(null, "", `?${params}`);
}

/** Where a label's text ends (left side) or starts (right side), in the lines' coordinates. */
function end(element, side, box) {
  const rects = element.getClientRects();
  const rect = side === "left" ? rects[rects.length - 1] : rects[0];
  return [side === "left" ? rect.right + 4 - box.left : rect.left - 4 - box.left, rect.top + rect.height / 2 - box.top];
}

function draw() {
  const shown = new Set(shownMappings());
  for (const row of mappings) row.hidden = !shown.has(row);
  const chosen = new Set(relations.filter((box) => box.checked).map((box) => box.value));
  for (const item of compare.querySelectorAll(".counterparts > li")) item.hidden = !chosen.has(item.dataset.predicate);
  count.textContent = count.dataset.template.replace("{shown}", shown.size).replace("{total}", mappings.length);
  const box = compare.getBoundingClientRect();
  svg.setAttribute("viewBox", `0 0 ${box.width} ${box.height}`);
  if (getComputedStyle(svg).display === "none") return svg.replaceChildren();
  const lines = [...shown].map((row) => {
    const [left, right] = [name("left", row.dataset.left), name("right", row.dataset.right)];
    if (!left || !right) return null;
    const [[x1, y1], [x2, y2]] = [end(left, "left", box), end(right, "right", box)];
    const middle = (x1 + x2) / 2;
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", `M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}`);
    path.setAttribute("class", `link ${predicate(row)}`);
    path.setAttribute("stroke-width", String(0.5 + 2.5 * Number(row.dataset.confidence)));
    path.dataset.left = row.dataset.left;
    path.dataset.right = row.dataset.right;
    return path;
  });
  svg.replaceChildren(...lines.filter(Boolean));
}

/** Highlight the lines and counterparts of the category whose name is hovered or focused (none: clear). */
function highlight(target) {
  const item = target?.closest?.(".tree li[data-iri]");
  const iri = item?.dataset.iri;
  compare.classList.toggle("focusing", Boolean(iri));
  const ends = new Set();
  for (const path of svg.children) {
    const on = iri !== undefined && (path.dataset.left === iri || path.dataset.right === iri);
    path.classList.toggle("active", on);
    if (on) ends.add(path.dataset.left).add(path.dataset.right);
  }
  for (const li of compare.querySelectorAll(".tree li[data-iri]")) {
    li.classList.toggle("linked", ends.has(li.dataset.iri));
  }
}

form.addEventListener("input", (event) => {
  if (event.target.name !== "relation" && event.target !== confidence) return;
  document.getElementById("confidence-value").textContent = confidence.value;
  remember();
  draw();
});
for (const type of ["mouseover", "focusin"]) {
  compare.addEventListener(type, (event) => highlight(event.target.closest(".category") && event.target));
}
compare.addEventListener("mouseleave", () => highlight(null));
compare.addEventListener("focusout", () => highlight(null));
new ResizeObserver(draw).observe(compare);
draw();

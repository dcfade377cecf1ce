// Where each body of the bodies graph stands: a column per band (international, regional, national, other; a
// long band in more than one), in each column the organizations by name, each above its groups, indented one step per level, as in an
// outline. The same data give the same places on every load.

const BANDS = ["international", "regional", "national", "other"];
const INDENT = 22;
export const LABEL_WIDTH = 230;
const GAP = 56;
const LINE = 15;
const HEIGHT = 1200;

const byName = (names) => (a, b) => names.get(a).localeCompare(names.get(b), undefined, { numeric: true });

/** Lines a label takes when wrapped at LABEL_WIDTH (12 px text: about 6.6 px a Latin letter, 12 px a Han character). */
function lines(text) {
  const width = [...text].reduce((sum, c) => sum + (c.charCodeAt(0) > 0x2e80 ? 12 : 6.6), 0);
  return Math.max(1, Math.ceil(width / LABEL_WIDTH));
}

/**
 * The place of each body and the parent each is drawn under.
 *
 * @param {Map<string, {label: string, band: string}>} bodies by IRI, with the label drawn
 * @param {Array<[string, string]>} parts (part, whole) pairs of org:subOrganizationOf
 * @returns {{positions: Map<string, {x: number, y: number}>, parent: Map<string, string>,
 *   columns: Array<{band: string, x: number}>}} columns: where each band's first column begins
 */
export function layout(bodies, parts) {
  const names = new Map([...bodies].map(([iri, body]) => [iri, body.label]));
  const parent = new Map();  // a part is drawn under its first whole of the same band, else its first whole
  for (const [part, whole] of parts) {
    const mine = parent.get(part);
    if (!mine || (bodies.get(mine).band !== bodies.get(part).band && bodies.get(whole).band === bodies.get(part).band)) {
      parent.set(part, whole);
    }
  }
  const children = new Map();
  for (const [part, whole] of parent) children.set(whole, [...(children.get(whole) || []), part]);
  const roots = [...bodies.keys()].filter((iri) => !parent.has(iri)).sort(byName(names));
  const positions = new Map();
  const columns = [];
  let x = 0;
  for (const band of BANDS) {
    let y = 0;
    let deepest = 0;
    const place = (iri, depth) => {
      if (positions.has(iri)) return;  // a cycle in the data would otherwise never end
      positions.set(iri, { x: x + depth * INDENT, y });
      y += 10 + LINE * lines(names.get(iri));
      deepest = Math.max(deepest, depth);
      for (const child of (children.get(iri) || []).sort(byName(names))) place(child, depth + 1);
    };
    const mine = roots.filter((iri) => bodies.get(iri).band === band);
    if (mine.length) columns.push({ band, x });
    for (const root of mine) {
      if (y > HEIGHT) {  // a long band goes on in a column of its own, from the top
        x += deepest * INDENT + LABEL_WIDTH + GAP;
        [y, deepest] = [0, 0];
      }
      place(root, 0);
      y += LINE;
    }
    if (mine.length) x += deepest * INDENT + LABEL_WIDTH + GAP;
  }
  return { positions, parent, columns };
}

// A table sorted by any column (a button in each heading, its order in aria-sort) and filtered by text.

const collator = new Intl.Collator(undefined, { numeric: true });

/**
 * Make a table sortable and filterable.
 *
 * @param {HTMLTableElement} table headings <th data-key> holding a button
 * @param {HTMLInputElement} filter the text every shown row contains
 * @param {(state: {sort: string, order: string, q: string}) => void} changed told after each change
 * @returns {{apply(state): void, rows: HTMLTableRowElement[], keep(row): boolean}} apply sets a state;
 *   keep is the other filters' say over a row (every row by default; set it, then apply)
 */
export function sortableTable(table, filter, changed) {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const headings = [...table.tHead.rows[0].cells];
  const state = { sort: "", order: "ascending", q: "" };
  const control = {
    rows,
    keep: () => true,
    apply(next) {
      Object.assign(state, next);
      filter.value = state.q;
      const column = headings.findIndex((th) => th.dataset.key === state.sort);
      headings.forEach((th, i) => th.setAttribute("aria-sort", i === column ? state.order : "none"));
      const sorted = column < 0 ? rows : [...rows].sort((a, b) =>
        collator.compare(a.cells[column].textContent.trim(), b.cells[column].textContent.trim())
        * (state.order === "descending" ? -1 : 1));
      body.append(...sorted);
      const words = state.q.trim().toLowerCase();
      for (const row of rows) row.hidden = !control.keep(row) || !row.textContent.toLowerCase().includes(words);
    },
  };
  headings.forEach((th) => th.querySelector("button").addEventListener("click", () => {
    const again = state.sort === th.dataset.key && state.order === "ascending";
    control.apply({ sort: th.dataset.key, order: again ? "descending" : "ascending" });
    changed(state);
  }));
  filter.addEventListener("input", () => {
    control.apply({ q: filter.value });
    changed(state);
  });
  return control;
}

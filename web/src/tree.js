// The framework page's "expand all" and "collapse all" buttons.
const actions = document.querySelector(".tree-actions");
actions.hidden = false;
actions.addEventListener("click", (event) => {
  const action = event.target.closest("[data-tree-action]")?.dataset.treeAction;
  if (!action) return;
  for (const details of document.querySelectorAll("#tree details")) details.open = action === "open";
});

// The home page's charts (targets by year, Jiangsu priority standards) and coverage matrix,
// from the named queries API.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { el, href, pickColumns, rows, t } from "./common.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
const PALETTE = ["#1b6ca8", "#e07a1f", "#3a9d5d", "#c23b3b", "#7d5ba6", "#8c6d3f", "#d16fa8", "#6b7b8c"];
// Urgency in order: four stars darkest red, one star lightest, not stated grey.
const URGENCY = { 4: "#8e1b10", 3: "#c8432b", 2: "#e8845c", 1: "#f2b896", 0: "#8a8f98" };
const FRAMEWORK = "https://w3id.org/aistd-kg/id/framework/";
const JIANGSU = `${FRAMEWORK}jiangsu-ai-guide-2025-draft`;
const TARGET = "https://w3id.org/aistd-kg/ontology#Target";
const COVERAGE = { framework: `${FRAMEWORK}cn-ai-industry-guide-draft`, level: 2 };  // topics: its second level
// The coverage matrix query's columns and the frameworks they count.
const COVERAGE_COLUMNS = {
  nationalDraft: "cn-ai-industry-guide-draft", national2024: "cn-ai-industry-guide-2024",
  national2020: "cn-ngai-guide-2020", shanghai: "shanghai-ngai-system-2021",
  jiangsu: "jiangsu-ai-guide-2025-draft", nistAiRmf: "nist-ai-rmf-1-0",
};

/** A stacked bar chart, with its legend as a list under it (long names wrap there). A bar opens
 * barHref(dataset, index), the list it counts; a legend entry with an href opens its dataset's list. */
function stackedBar(canvas, labels, datasets, barHref) {
  const colored = datasets.map((set, i) => ({ backgroundColor: PALETTE[i % PALETTE.length], ...set }));
  new Chart(canvas, {
    type: "bar",
    data: { labels, datasets: colored },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false } },
      onClick: (event, [bar]) => bar && window.location.assign(barHref(colored[bar.datasetIndex], bar.index)),
      onHover: (event, bars) => { canvas.style.cursor = bars.length ? "pointer" : "default"; },
    },
  });
  canvas.closest("figure").append(el("ul", { class: "chart-legend" }, ...colored.map((set) => {
    const swatch = el("span", { class: "swatch", style: `background:${set.backgroundColor}` });
    return el("li", {}, ...(set.href ? [el("a", { href: set.href }, swatch, set.label)] : [swatch, set.label]));
  })));
}

/** A list page's URL with its facets chosen. */
const listUrl = (name, facets) => `/lists/${name}?${new URLSearchParams(facets)}`;

function targetsChart(targets, frameworkNames) {
  const years = [...new Set(targets.map((row) => row.year))].sort();
  const frameworks = [...new Set(targets.map((row) => row.framework))];
  stackedBar(document.getElementById("targets-chart"), years, frameworks.map((framework) => ({
    label: frameworkNames.get(framework) || framework,
    framework,
    href: listUrl("figures", { kind: TARGET, framework }),
    data: years.map((year) => targets.filter((row) => row.year === year && row.framework === framework).length),
  })), (set, index) => listUrl("figures", { kind: TARGET, framework: set.framework, year: years[index] }));
}

function jiangsuChart(counts) {
  const modules = [...new Set(counts.map((row) => row.moduleCode))].sort();
  const names = modules.map((module) => `${module} ${pickColumns(counts.find((row) => row.moduleCode === module))}`);
  const iris = modules.map((module) => counts.find((row) => row.moduleCode === module).module);
  const stars = [...new Set(counts.map((row) => Number(row.stars)))].sort((a, b) => b - a);
  const facets = (star) => ({ framework: JIANGSU, urgency: star });
  stackedBar(document.getElementById("jiangsu-chart"), names, stars.map((star) => ({
    label: star ? "★".repeat(star) : t("未标明", "not stated"),
    backgroundColor: URGENCY[star],
    href: listUrl("planned-standards", facets(star)),
    stars: star,
    data: modules.map((module) =>
      Number(counts.find((row) => row.moduleCode === module && Number(row.stars) === star)?.items || 0)),
  })), (set, index) => listUrl("planned-standards", { ...facets(set.stars), module: iris[index] }));
}

function coverageTable(matrix, frameworkNames) {
  // the topics' own framework has no column: no mapping joins two categories of one framework
  const columns = Object.keys(COVERAGE_COLUMNS)
    .filter((column) => FRAMEWORK + COVERAGE_COLUMNS[column] !== COVERAGE.framework);
  const most = Math.max(1, ...matrix.flatMap((row) => columns.map((column) => Number(row[column]))));
  const header = el("tr", {}, el("th", { scope: "col" }, t("类目", "Category")),
    ...columns.map((column) => el("th", { scope: "col" },
      frameworkNames.get(FRAMEWORK + COVERAGE_COLUMNS[column]) || column)));
  const body = matrix.map((row) => el("tr", {},
    el("th", { scope: "row" },
      el("a", { href: href(row.topic) }, `${row.parentPosition}.${row.position} `, pickColumns(row))),
    ...columns.map((column) => {
      const count = Number(row[column]);
      const counterparts = new URLSearchParams({ category: row.topic, framework: FRAMEWORK + COVERAGE_COLUMNS[column] });
      const cell = el("td", { class: count ? "covered" : "gap" },
        count ? el("a", { href: `/queries/crosswalk-counterparts-of-category?${counterparts}` }, String(count)) : "0");
      if (count) cell.style.setProperty("--share", String(count / most));
      return cell;
    })));
  document.getElementById("coverage").replaceChildren(el("thead", {}, header), el("tbody", {}, ...body));
}

/** Fill one part of the page: a status line says it is loading, and says so if its queries fail. */
async function part(container, load, draw) {
  const status = el("p", { class: "status", role: "status" }, t("加载中…", "Loading…"));
  container.append(status);
  try {
    draw(...(await load()));
    status.remove();
  } catch (error) {
    status.className = "status error";
    status.textContent = `${t("无法加载", "Could not load")}: ${error.message}`;
  }
}

const frameworkNames = rows("frameworks-overview").then(
  (frameworks) => new Map(frameworks.map((row) => [row.framework, pickColumns(row)])));
const figureOf = (id) => document.getElementById(id).closest("figure, section");
part(figureOf("targets-chart"), () => Promise.all([rows("frameworks-targets-by-year"), frameworkNames]), targetsChart);
part(figureOf("jiangsu-chart"), () => Promise.all([rows("jiangsu-urgency-by-module")]), jiangsuChart);
part(figureOf("coverage"), () => Promise.all([rows("crosswalk-coverage-matrix", COVERAGE), frameworkNames]),
  coverageTable);

// The home page's charts (targets by year, Jiangsu priority standards) and coverage matrix,
// from the named queries API.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { el, href, pickColumns, rows, t } from "./common.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
const PALETTE = ["#1b6ca8", "#e07a1f", "#3a9d5d", "#c23b3b", "#7d5ba6", "#8c6d3f", "#d16fa8", "#6b7b8c"];
const FRAMEWORK = "https://w3id.org/aistd-kg/id/framework/";
const COVERAGE = { framework: `${FRAMEWORK}cn-ai-industry-guide-draft`, level: 2 };  // topics: its second level
// The coverage matrix query's columns and the frameworks they count.
const COVERAGE_COLUMNS = {
  nationalDraft: "cn-ai-industry-guide-draft", national2024: "cn-ai-industry-guide-2024",
  national2020: "cn-ngai-guide-2020", shanghai: "shanghai-ngai-system-2021",
  jiangsu: "jiangsu-ai-guide-2025-draft", nistAiRmf: "nist-ai-rmf-1-0",
};

/** A stacked bar chart, with its legend as a list under it (long names wrap there). */
function stackedBar(canvas, labels, datasets) {
  const colored = datasets.map((set, i) => ({ backgroundColor: PALETTE[i % PALETTE.length], ...set }));
  new Chart(canvas, {
    type: "bar",
    data: { labels, datasets: colored },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false } },
    },
  });
  canvas.closest("figure").append(el("ul", { class: "chart-legend" }, ...colored.map((set) =>
    el("li", {}, el("span", { class: "swatch", style: `background:${set.backgroundColor}` }), set.label))));
}

function targetsChart(targets, frameworkNames) {
  const years = [...new Set(targets.map((row) => row.year))].sort();
  const frameworks = [...new Set(targets.map((row) => row.framework))];
  stackedBar(document.getElementById("targets-chart"), years, frameworks.map((framework) => ({
    label: frameworkNames.get(framework) || framework,
    data: years.map((year) => targets.filter((row) => row.year === year && row.framework === framework).length),
  })));
}

function jiangsuChart(counts) {
  const modules = [...new Set(counts.map((row) => row.moduleCode))].sort();
  const stars = [...new Set(counts.map((row) => Number(row.stars)))].sort((a, b) => b - a);
  stackedBar(document.getElementById("jiangsu-chart"), modules, stars.map((star) => ({
    label: star ? "★".repeat(star) : t("未标明", "not stated"),
    data: modules.map((module) =>
      Number(counts.find((row) => row.moduleCode === module && Number(row.stars) === star)?.items || 0)),
  })));
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
      const cell = el("td", { class: count ? "covered" : "gap" }, String(count));
      if (count) cell.style.setProperty("--share", String(count / most));
      return cell;
    })));
  document.getElementById("coverage").replaceChildren(el("thead", {}, header), el("tbody", {}, ...body));
}

const [frameworks, targets, jiangsu, matrix] = await Promise.all([
  rows("frameworks-overview"), rows("frameworks-targets-by-year"), rows("jiangsu-urgency-by-module"),
  rows("crosswalk-coverage-matrix", COVERAGE),
]);
const frameworkNames = new Map(frameworks.map((row) => [row.framework, pickColumns(row)]));
targetsChart(targets, frameworkNames);
jiangsuChart(jiangsu);
coverageTable(matrix, frameworkNames);

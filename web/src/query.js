// The SPARQL editor (YASQE: highlighting, prefix completion) and results table (YASR), with the
// named queries as one-click examples and downloads of the results in every format the endpoint offers.
import Yasqe from "@zazuko/yasqe";
import Yasr from "@zazuko/yasr";
import "@zazuko/yasqe/build/yasqe.min.css";
import "@zazuko/yasr/build/yasr.min.css";
import { BASE, el, href, t } from "./common.js";

const ENDPOINT = "/sparql";
const DOWNLOADS = {  // format parameter -> [label, file extension, query forms]
  csv: ["CSV", "csv", "tabular"], tsv: ["TSV", "tsv", "tabular"], json: ["JSON", "srj", "tabular"],
  xml: ["XML", "srx", "tabular"], turtle: ["Turtle", "ttl", "graph"], jsonld: ["JSON-LD", "jsonld", "graph"],
  nt: ["N-Triples", "nt", "graph"], rdfxml: ["RDF/XML", "rdf", "graph"],
};
const prefixes = JSON.parse(document.getElementById("prefixes").textContent);
const examples = new Map(JSON.parse(document.getElementById("example-texts").textContent).map((e) => [e.name, e]));
const status = document.getElementById("query-status");

// Prefix completion from the project's own prefixes (nothing is fetched from outside).
Yasqe.forkAutocompleter("prefixes", {
  name: "projectPrefixes",
  persistenceId: null,
  get: () => Object.entries(prefixes).map(([prefix, namespace]) => `${prefix}: <${namespace}>`).sort(),
}, false);

const yasqe = new Yasqe(document.getElementById("yasqe"), {
  value: examples.values().next().value?.text || "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
  requestConfig: {
    endpoint: ENDPOINT, method: "POST",
    acceptHeaderSelect: "application/sparql-results+json", acceptHeaderGraph: "text/turtle",
  },
  autocompleters: ["projectPrefixes", "variables"],
  persistenceId: null,
  showQueryButton: false,
  createShareableLink: null,
  editorHeight: "20rem",
  inputStyle: "contenteditable",  // the text itself takes the focus, as screen readers expect
});
// Named for assistive technology; the skip link at the top of the page puts the cursor in it.
const input = yasqe.getInputField();
input.setAttribute("role", "textbox");
input.setAttribute("aria-multiline", "true");
input.setAttribute("aria-labelledby", "editor-title");
document.querySelector('.skip[href="#yasqe"]').addEventListener("click", (event) => {
  event.preventDefault();
  yasqe.focus();
});
const yasr = new Yasr(document.getElementById("yasr"), {
  prefixes, persistenceId: null, pluginOrder: ["table", "boolean", "response"], defaultPlugin: "table",
});

yasr.on("drawn", () => {  // the results table's page size selector comes without a name
  document.querySelector("#yasr .tableSizer")?.setAttribute("aria-label", t("每页行数", "Page size"));
});

function formOf(type) {
  return type === "CONSTRUCT" || type === "DESCRIBE" ? "graph" : "tabular";
}

function run() {
  status.textContent = t("正在运行…", "Running…");
  return yasqe.query().catch(() => {});
}

yasqe.on("queryResponse", (_editor, response, duration) => {
  yasr.setResponse(response, duration);
  status.textContent = response.ok ? t("完成", "Done") : t("查询失败", "The query failed");
});
document.getElementById("yasr").addEventListener("click", (event) => {  // the project's IRIs open here
  const link = event.target.closest(`a[href^="${BASE}"]`);
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  window.location.href = href(link.getAttribute("href"));
});

const downloads = document.getElementById("downloads");
const buttons = Object.entries(DOWNLOADS).map(([format, [label, extension, form]]) => {
  const button = el("button", { type: "button", "data-format": format, "data-form": form }, label);
  button.addEventListener("click", () => download(format, extension));
  return button;
});
downloads.append(...buttons);

function showDownloads() {
  const form = formOf(yasqe.getQueryType());
  for (const button of buttons) button.hidden = button.dataset.form !== form;
}

async function download(format, extension) {
  const body = new URLSearchParams({ query: yasqe.getValue(), format });
  const response = await fetch(ENDPOINT, { method: "POST", body });
  if (!response.ok) {
    const refusal = await response.json().catch(() => ({}));
    status.textContent = t("下载失败：", "The download failed: ") + (refusal.message || response.status);
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", { href: url, download: `results.${extension}` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

document.getElementById("examples").addEventListener("click", (event) => {
  const name = event.target.closest("[data-example]")?.dataset.example;
  if (!name) return;
  yasqe.setValue(examples.get(name).text);
  run();
});
document.getElementById("run").addEventListener("click", run);
yasqe.on("change", showDownloads);
showDownloads();

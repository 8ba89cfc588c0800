// The reports page: each report as a server-rendered SVG chart, its table and a CSV download.
import { api, download } from "/static/shared/api.js";
import { KINDS, businessDay, escapeHtml as esc } from "/static/shared/format.js";
import { requireLogin, signOut } from "/static/shared/gate.js";

const period = { from: "", to: "" };
const query = () => `from=${period.from}&to=${period.to}`;

function layout(user) {
  document.body.innerHTML = `
    <header class="bar"><h1>Reports</h1><span class="spacer"></span>
      <span>${esc(user.username)} (${esc(user.role)})</span><button id="logout">Sign out</button></header>
    <div class="toolbar">
      <label>From <input type="date" id="from" value="${period.from}"></label>
      <label>To <input type="date" id="to" value="${period.to}"></label>
      <button class="primary" id="show">Show</button>
    </div>
    <main class="reports" id="reports"></main>`;
  document.getElementById("logout").onclick = signOut;
  document.getElementById("show").onclick = () => {
    period.from = document.getElementById("from").value;
    period.to = document.getElementById("to").value;
    load();
  };
}

/** How a cell shows its value, by what its column holds (the API's `format`), never by the value. */
const FORMAT = {
  text: (v) => esc(v),
  kind: (v) => esc(KINDS[v] || v),
  count: (v) => esc(v),
  percent: (v) => (v === null || v === undefined ? `<span class="muted" title="nothing to measure">—</span>` : `${(v * 100).toFixed(1)} %`),
  money: (v) => esc(v),
  yes_no: (v) => (v === null || v === undefined ? "—" : v ? "yes" : "no"),
};
const NUMERIC = new Set(["count", "percent", "money"]);

/** The table's head: one row, or two where columns share a group heading. */
function head(columns, cls) {
  if (!columns.some((c) => c.group)) return `<tr>${columns.map((c) => `<th${cls(c)}>${esc(c.label)}</th>`).join("")}</tr>`;
  const top = [];
  columns.forEach((c, i) => {
    if (!c.group) top.push(`<th rowspan="2"${cls(c)}>${esc(c.label)}</th>`);
    else if (c.group !== columns[i - 1]?.group) {
      const span = columns.slice(i).findIndex((d) => d.group !== c.group);
      top.push(`<th colspan="${span < 0 ? columns.length - i : span}" class="group">${esc(c.group)}</th>`);
    }
  });
  const below = columns.filter((c) => c.group).map((c) => `<th${cls(c)}>${esc(c.label)}</th>`);
  return `<tr>${top.join("")}</tr><tr>${below.join("")}</tr>`;
}

/**
 * A report's figures as a table of its columns, each headed and formatted as the API defines it.
 * @param {{key: string, label: string, format: string, group: string}[]} columns
 * @param {Object<string, any>[]} rows
 */
function table(columns, rows) {
  if (!rows.length) return `<p class="muted">No data in this period.</p>`;
  const cls = (c) => (NUMERIC.has(c.format) ? ' class="num"' : c.format === "kind" ? ' class="nowrap"' : "");
  const cell = (c, v) => (FORMAT[c.format] || FORMAT.text)(v);
  return `<div class="figures"><table><thead>${head(columns, cls)}</thead>
    <tbody>${rows.map((r) => `<tr>${columns.map((c) => `<td${cls(c)} data-col="${esc(c.key)}">${cell(c, r[c.key])}</td>`).join("")}</tr>`).join("")}</tbody></table></div>`;
}

function downloadCsv(name) {
  return download(`/api/v1/reports/${name}.csv?${query()}`, `${name}-${period.from}_${period.to}.csv`);
}

async function load() {
  const data = await api(`/api/v1/reports?${query()}`);
  const box = document.getElementById("reports");
  box.innerHTML = Object.entries(data.reports).map(([name, r]) => `
    <section class="card" data-report="${name}"><h2>${esc(r.title)} <button data-csv="${name}">CSV</button></h2>
      <div class="chart" aria-busy="true"></div>
      <details><summary>Figures</summary>${table(r.columns, r.rows)}</details></section>`).join("");
  box.querySelectorAll("[data-csv]").forEach((b) => { b.onclick = () => downloadCsv(b.dataset.csv); });
  await Promise.all(Object.keys(data.reports).map(async (name) => {
    const response = await api(`/api/v1/reports/${name}.svg?${query()}`, { raw: true });
    const chart = box.querySelector(`[data-report="${name}"] .chart`);
    chart.innerHTML = await response.text();
    chart.removeAttribute("aria-busy");
  }));
}

async function main() {
  const user = await requireLogin({ title: "Reports", roles: ["dispatcher", "finance", "admin"] });
  Object.assign(period, { from: businessDay(-29), to: businessDay() }); // operator's zone
  layout(user);
  await load();
}

main();

// The reports page: each report as a server-rendered SVG chart, its table and a CSV download.
import { api, download } from "/static/shared/api.js";
import { businessDay, escapeHtml as esc } from "/static/shared/format.js";
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

function table(rows) {
  if (!rows.length) return `<p class="muted">No data in this period.</p>`;
  const cols = Object.keys(rows[0]);
  const cell = (v) => (typeof v === "number" && v <= 1 && v > 0 && !Number.isInteger(v) ? `${(v * 100).toFixed(1)} %` : esc(v));
  return `<table><thead><tr>${cols.map((c) => `<th>${esc(c.replaceAll("_", " "))}</th>`).join("")}</tr></thead>
    <tbody>${rows.map((r) => `<tr>${cols.map((c) => `<td>${cell(r[c])}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
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
      <details><summary>Figures</summary>${table(r.rows)}</details></section>`).join("");
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

// The finance console: the day's reconciliation, drill-down to entries, handovers, exports.
import { ApiError, api, download } from "/static/shared/api.js";
import { KINDS, businessDay, dateTime as time, escapeHtml as esc, fromWallClock, wallClockInput } from "/static/shared/format.js";
import { attempt, labelled, unmark } from "/static/shared/forms.js";
import { requireLogin, signOut } from "/static/shared/gate.js";

const state = { day: "", techs: new Map(), selected: null };
const money = (s) => Number(s).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function layout(user) {
  document.body.innerHTML = `
    <header class="bar"><h1>Finance — reconciliation</h1><span class="spacer"></span>
      <span>${esc(user.username)} (${esc(user.role)})</span><button id="logout">Sign out</button></header>
    <main class="console">
      <section class="card wide">
        <div class="toolbar">
          <label>Day <input type="date" id="day" value="${state.day}"></label>
          <button id="csv">Export CSV</button><button id="ledger-csv">Ledger CSV</button><button id="xlsx" class="primary">Export XLSX</button>
          <span id="flash"></span>
        </div>
      </section>
      <section class="card"><h2>Reconciliation <span class="muted" id="day-label"></span></h2>
        <table id="recon"><thead><tr><th>Technician</th><th class="num">Collected cash</th><th class="num">Handed over</th><th class="num">Difference</th></tr></thead><tbody></tbody></table>
        <p class="muted">Click a row for the entries. Collected cash is net of reversals.</p>
      </section>
      <section class="card"><h2>Record a handover</h2>
        <form class="stack" id="handover">
          <label>Technician <select name="technician_id" required></select></label>
          <label>Amount (CNY) <input name="amount" inputmode="decimal" required placeholder="0.00"></label>
          <label>Received at <input name="received_at" type="datetime-local" required></label>
          <label>Note <input name="note"></label>
          <p class="error" role="alert"></p>
          <button class="primary" type="submit">Record handover</button>
        </form>
      </section>
      <section class="card wide" id="entries-card"><h2>Entries <span class="muted" id="entries-label">(all technicians)</span></h2>
        <table id="entries"><thead><tr><th>Time</th><th>Technician</th><th>Order</th><th>Receipt</th><th>Method</th><th class="num">Amount</th><th>Invoice</th><th>Note</th><th></th></tr></thead><tbody></tbody></table>
      </section>
      <section class="card"><h2>Cash held and overdue handovers</h2>
        <table id="held"><thead><tr><th>Technician</th><th class="num">Held</th><th class="num">Overdue</th><th>Due by</th></tr></thead><tbody></tbody></table>
      </section>
      <section class="card"><h2>Patterns to check</h2><div id="anomalies"></div></section>
    </main>`;
  document.getElementById("logout").onclick = signOut;
  document.getElementById("day").onchange = (e) => { state.day = e.target.value; state.selected = null; refresh(); };
  document.getElementById("csv").onclick = () => exportDay("csv", "reconciliation");
  document.getElementById("ledger-csv").onclick = () => exportDay("csv", "ledger");
  document.getElementById("xlsx").onclick = () => exportDay("xlsx", "reconciliation");
  const handover = document.getElementById("handover");
  handover.onsubmit = submitHandover;
  handover.addEventListener("input", (event) => unmark(handover, event.target));
}

function flash(text, bad = false) {
  const el = document.getElementById("flash");
  el.className = bad ? "notice bad" : "notice";
  el.textContent = text;
  setTimeout(() => { el.textContent = ""; el.className = ""; }, 4000);
}

function exportDay(format, table) {
  return download(`/api/v1/finance/export?date=${state.day}&format=${format}&table=${table}`, `${table}-${state.day}.${format}`);
}

function techName(id) {
  return state.techs.get(id)?.name || `#${id}`;
}

async function loadRecon() {
  const { rows } = await api(`/api/v1/finance/reconciliation?date=${state.day}`);
  document.getElementById("day-label").textContent = state.day;
  const body = document.querySelector("#recon tbody");
  const sum = (k) => rows.reduce((t, r) => t + Math.round(Number(r[k]) * 100), 0) / 100;
  body.innerHTML = rows.map((r) => `
    <tr class="clickable ${state.selected === r.technician_id ? "selected" : ""}" data-tech="${r.technician_id}">
      <td>${esc(techName(r.technician_id))}</td><td class="num">${money(r.collected_cash)}</td>
      <td class="num">${money(r.handed_over)}</td>
      <td class="num ${Number(r.difference) !== 0 ? "diff-bad" : ""}">${money(r.difference)}</td></tr>`).join("")
    + `<tr class="total"><td>Total</td><td class="num" id="total-collected">${money(sum("collected_cash"))}</td>
       <td class="num">${money(sum("handed_over"))}</td><td class="num">${money(sum("difference"))}</td></tr>`;
  if (!rows.length) body.insertAdjacentHTML("afterbegin", `<tr><td colspan="4" class="muted">No cash collected or handed in on this day.</td></tr>`);
  body.querySelectorAll("tr[data-tech]").forEach((tr) => {
    tr.onclick = () => { const id = Number(tr.dataset.tech); state.selected = state.selected === id ? null : id; refresh(); };
  });
}

async function loadEntries() {
  const who = state.selected ? `&technician_id=${state.selected}` : "";
  const { items } = await api(`/api/v1/finance/entries?date=${state.day}${who}`);
  document.getElementById("entries-label").textContent = state.selected ? `(${techName(state.selected)})` : "(all technicians)";
  const body = document.querySelector("#entries tbody");
  body.innerHTML = items.map((e) => `
    <tr class="${e.entry_type}">
      <td class="nowrap">${time(e.collected_at)}</td><td>${esc(e.technician_name)}</td><td class="nowrap">${esc(e.order_number || "— no order —")}</td>
      <td class="nowrap">${esc(e.receipt_no || "")}</td><td>${esc(e.method)}</td><td class="num">${money(e.amount)}</td>
      <td>${e.invoice_no ? esc(e.invoice_no) : e.invoice_requested ? '<span class="badge warn">requested</span>' : ""}</td>
      <td>${e.entry_type === "reversal" ? `Reversal of #${e.reverses_id} by ${esc(e.recorded_by)}: ${esc(e.reason)}` : e.reversed_by_id ? '<span class="badge">reversed</span>' : ""}</td>
      <td class="nowrap">${e.entry_type === "collection" && !e.reversed_by_id ? `<button data-reverse="${e.id}">Reverse</button>` : ""}
          ${e.entry_type === "collection" && !e.invoice_no ? `<button data-invoice="${e.id}">Invoice</button>` : ""}</td></tr>`).join("")
    || `<tr><td colspan="9" class="muted">No entries.</td></tr>`;
  body.querySelectorAll("[data-reverse]").forEach((b) => { b.onclick = () => reverse(b.dataset.reverse); });
  body.querySelectorAll("[data-invoice]").forEach((b) => { b.onclick = () => invoice(b.dataset.invoice); });
}

async function reverse(id) {
  const reason = prompt("Why is this entry reversed?");
  if (!reason) return;
  await act(() => api(`/api/v1/finance/entries/${id}/reversal`, { method: "POST", body: { reason } }), "Entry reversed.");
}

async function invoice(id) {
  const invoice_no = prompt("Invoice number");
  if (!invoice_no) return;
  await act(() => api(`/api/v1/finance/entries/${id}/invoice`, { method: "POST", body: { invoice_no } }), "Invoice recorded.");
}

async function act(call, done) {
  try { await call(); flash(done); await refresh(); } catch (e) { if (!(e instanceof ApiError)) throw e; flash(e.message, true); }
}

async function loadHeld() {
  const { items } = await api("/api/v1/finance/cash-held");
  document.querySelector("#held tbody").innerHTML = items.map((p) => `
    <tr><td>${esc(p.technician_name)}</td><td class="num">${money(p.held)}</td>
    <td class="num">${Number(p.overdue) > 0 ? `<span class="badge danger">${money(p.overdue)}</span>` : money(p.overdue)}</td>
    <td>${time(p.due_by)}</td></tr>`).join("") || `<tr><td colspan="4" class="muted">Nobody holds cash.</td></tr>`;
}

async function loadAnomalies() {
  const data = await api(`/api/v1/finance/anomalies?date=${state.day}`);
  const fees = data.fees_without_completion.map((a) => `<li><span class="badge danger">${esc(a.reason.replaceAll("_", " "))}</span>
    ${esc(a.entry.technician_name)} collected ${money(a.entry.amount)} (${esc(a.entry.receipt_no || "")}) ${a.entry.order_number ? "on " + esc(a.entry.order_number) : ""}</li>`);
  const work = data.completions_without_fee.map((o) => `<li><span class="badge warn">no fee</span> ${esc(o.number)} (${esc(KINDS[o.kind] || o.kind)}) completed by ${esc(techName(o.technician_id))}</li>`);
  document.getElementById("anomalies").innerHTML = `
    <h3 class="muted" style="font-size:13px">Fees without a matching completion</h3><ul>${fees.join("") || "<li class='muted'>None.</li>"}</ul>
    <h3 class="muted" style="font-size:13px">Chargeable work without a fee</h3><ul>${work.join("") || "<li class='muted'>None.</li>"}</ul>`;
}

async function submitHandover(event) {
  event.preventDefault();
  const form = event.target;
  const body = {
    technician_id: Number(form.technician_id.value),
    amount: form.amount.value.trim(),
    received_at: fromWallClock(form.received_at.value), // the operator's clock, as the page shows
    note: form.note.value,
  };
  if (!(await attempt(form, HANDOVER_LABEL, () => api("/api/v1/finance/handovers", { method: "POST", body })))) return;
  form.amount.value = ""; form.note.value = "";
  form.received_at.value = wallClockInput(); // the next handover is received now, not then
  flash("Handover recorded.");
  await refresh();
}

const HANDOVER_LABEL = labelled({ technician_id: "Technician", amount: "Amount (CNY)", received_at: "Received at", note: "Note" });

async function refresh() {
  await Promise.all([loadRecon(), loadEntries(), loadHeld(), loadAnomalies()]);
}

async function main() {
  const user = await requireLogin({ title: "Finance", roles: ["finance", "admin"] });
  state.day = businessDay(); // in the operator's zone, known once signed in
  layout(user);
  const techs = await api("/api/v1/technicians");
  (techs.items || techs).forEach((t) => state.techs.set(t.id, t));
  const select = document.querySelector("#handover select");
  select.innerHTML = [...state.techs.values()].map((t) => `<option value="${t.id}">${esc(t.name)}</option>`).join("");
  document.querySelector("#handover [name=received_at]").value = wallClockInput();
  await refresh();
}

main();

// The service desk: callback queue with countdowns, SMS log, complaints intake and handling.
import { ApiError, api } from "/static/shared/api.js";
import { KINDS, dateTime as time, escapeHtml as esc, fieldErrors, plural } from "/static/shared/format.js";
import { requireLogin, signOut } from "/static/shared/gate.js";

const TIER_BADGE = { general: "", important: "warn", major: "danger" };
const FIELDS = [["cause", "Cause"], ["course", "Course of events"], ["responsible_party", "Responsible party"], ["conclusion", "Conclusion"], ["countermeasures", "Countermeasures"], ["reply", "Reply to the customer"]];
let clockSkew = 0;

function layout(user) {
  document.body.innerHTML = `
    <header class="bar"><h1>Service desk</h1><span class="spacer"></span>
      <span>${esc(user.username)} (${esc(user.role)})</span><button id="logout">Sign out</button></header>
    <main class="console">
      <section class="card wide"><h2>Callback queue <span class="muted">— call within the deadline after completion</span></h2>
        <table id="queue"><thead><tr><th>Order</th><th>Customer</th><th>Technician</th><th>Completed</th><th>Callback due in</th><th>Outcome</th></tr></thead><tbody></tbody></table>
        <p class="error" id="queue-error" role="alert"></p>
      </section>
      <section class="card"><h2>Complaints</h2><div id="complaints"></div></section>
      <section class="card"><h2>New complaint</h2>
        <form class="stack" id="intake">
          <div class="grid2">
            <label>Channel <select name="channel"><option>phone</option><option>letter</option><option>visit</option><option>web</option></select></label>
            <label>Customer <select name="customer_id"></select></label>
          </div>
          <label>Linked order (number, optional) <input name="order_number" placeholder="WO-…"></label>
          <label>What happened <textarea name="summary" rows="3" required></textarea></label>
          <div class="grid2">
            <label>Households affected <input name="households_affected" type="number" min="0" value="1"></label>
            <label>Compensation asked (CNY) <input name="compensation" inputmode="decimal" value="0"></label>
          </div>
          <label style="flex-direction:row;gap:8px;align-items:center"><input type="checkbox" name="media_or_litigation"> Media exposure or litigation</label>
          <p class="error" role="alert"></p>
          <button class="primary" type="submit">Take complaint</button>
        </form>
      </section>
      <section class="card wide"><h2>Text messages sent</h2>
        <table id="sms"><thead><tr><th>Time</th><th>To</th><th>Message</th><th>Via</th><th>Status</th></tr></thead><tbody></tbody></table>
      </section>
    </main>`;
  document.getElementById("logout").onclick = signOut;
  document.getElementById("intake").onsubmit = intake;
}

function countdown(dueIso) {
  const left = Math.round((new Date(dueIso).getTime() - Date.now() - clockSkew) / 1000);
  if (left >= 0) return { text: left < 3600 ? clock(left) : span(left), late: false };
  return { text: `${span(-left)} overdue`, late: true };
}

/** "7:42": minutes and seconds, ticking down the minutes a callback window spans. */
function clock(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** "52 min", "1 h 29 min", "2 d 3 h": a longer span, where a ticking clock reads as hours. */
function span(seconds) {
  const minutes = Math.floor(seconds / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days) return `${days} d ${hours} h`;
  return hours ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

function tick() {
  document.querySelectorAll(".countdown").forEach((el) => {
    const c = countdown(el.dataset.due);
    el.textContent = c.text;
    el.classList.toggle("late", c.late);
  });
}

async function loadQueue() {
  const data = await api("/api/v1/desk/callbacks");
  clockSkew = Date.now() - new Date(data.now).getTime();
  document.querySelector("#queue tbody").innerHTML = data.items.map((q) => `
    <tr><td class="nowrap">${esc(q.number)}<br><span class="muted">${esc(KINDS[q.kind] || q.kind)}</span></td>
      <td>${esc(q.customer_name)}<br><span class="muted">${esc(q.customer_phone)}</span></td>
      <td>${esc(q.technician_name)}</td><td class="nowrap">${time(q.completed_at)}</td>
      <td class="nowrap"><span class="countdown" data-due="${q.due_at}"></span>
        ${q.attempts.map((a) => `<br><span class="badge">${esc(a.outcome)} ${time(a.made_at)}</span>`).join("")}</td>
      <td><div class="outcome" data-order="${q.order_id}">
        <select aria-label="Score"><option value="">score</option>${[5, 4, 3, 2, 1].map((n) => `<option>${n}</option>`).join("")}</select>
        <button data-outcome="satisfied" class="primary">Satisfied</button>
        <button data-outcome="not_satisfied">Not solved</button>
        <button data-outcome="unreachable">Unreachable</button></div></td></tr>`).join("")
    || `<tr><td colspan="6" class="muted">No completed orders waiting for a callback.</td></tr>`;
  document.querySelectorAll("#queue [data-outcome]").forEach((b) => { b.onclick = () => callback(b); });
  tick();
}

async function callback(button) {
  const box = button.closest(".outcome");
  const outcome = button.dataset.outcome;
  const score = box.querySelector("select").value;
  const error = document.getElementById("queue-error");
  error.textContent = "";
  try {
    await api("/api/v1/desk/callbacks", { method: "POST", body: { order_id: Number(box.dataset.order), outcome, score: outcome === "unreachable" ? null : Number(score) || null } });
    await Promise.all([loadQueue(), loadSms()]);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    error.textContent = e.details.score ? `Score: ${e.details.score}` : e.message;
  }
}

async function loadSms() {
  const { items } = await api("/api/v1/desk/sms");
  document.querySelector("#sms tbody").innerHTML = items.map((m) => `
    <tr><td>${time(m.created_at)}</td><td>${esc(m.phone)}</td><td>${esc(m.body)}</td><td>${esc(m.notifier)}</td>
    <td><span class="badge ${m.status === "failed" ? "danger" : "ok"}">${esc(m.status)}</span></td></tr>`).join("")
    || `<tr><td colspan="5" class="muted">None yet.</td></tr>`;
}

function due(label, dueIso, doneIso) {
  const late = doneIso ? new Date(doneIso) > new Date(dueIso) : Date.now() > new Date(dueIso);
  return `<span class="badge ${late ? "danger" : doneIso ? "ok" : ""}">${label} ${doneIso ? "done" : "by"} ${time(doneIso || dueIso)}${late ? " — late" : ""}</span>`;
}

function complaintHtml(c) {
  const closeForm = c.status === "open" ? `
    <form class="stack close" data-id="${c.id}">
      ${FIELDS.map(([k, label]) => `<label>${label}<textarea name="${k}" rows="2"></textarea></label>`).join("")}
      <p class="error" role="alert"></p><button type="submit">Close with this record</button></form>` :
    `<p>${FIELDS.map(([k, label]) => `<b>${label}:</b> ${esc(c[k])}`).join("<br>")}</p>`;
  return `<details class="complaint"><summary>
      <span class="badge ${TIER_BADGE[c.tier]}">${esc(c.tier)}</span><b>#${c.id}</b> ${esc(c.customer_name)}
      <span class="muted">${esc(c.channel)}${c.order_number ? " · " + esc(c.order_number) : ""}</span>
      ${c.escalated ? '<span class="badge danger">escalated</span>' : ""}
      ${c.status === "closed" ? '<span class="badge ok">closed</span>' : ""}
      ${due("first contact", c.first_contact_due, c.first_contact_at)} ${due("resolve", c.resolution_due, c.closed_at)}</summary>
    <p>${esc(c.summary)}</p>
    <p class="muted">Owner: ${esc(c.owner || "nobody yet")} · ${plural(c.households_affected, "household")} · compensation ¥${esc(c.compensation)}${c.media_or_litigation ? " · media/litigation" : ""}</p>
    ${c.status === "open" && !c.first_contact_at ? `<button data-contact="${c.id}">Record first contact (I own it)</button>` : ""}
    ${closeForm}</details>`;
}

async function loadComplaints() {
  const { items } = await api("/api/v1/desk/complaints");
  const box = document.getElementById("complaints");
  box.innerHTML = items.map(complaintHtml).join("") || `<p class="muted">No complaints.</p>`;
  box.querySelectorAll("[data-contact]").forEach((b) => {
    b.onclick = async () => {
      const notes = prompt("What was said at the first contact?");
      if (notes) { await api(`/api/v1/desk/complaints/${b.dataset.contact}/first-contact`, { method: "POST", body: { notes } }); loadComplaints(); }
    };
  });
  box.querySelectorAll("form.close").forEach((form) => { form.onsubmit = (e) => closeComplaint(e, form); });
}

async function closeComplaint(event, form) {
  event.preventDefault();
  const body = Object.fromEntries(FIELDS.map(([k]) => [k, form[k].value]));
  try {
    await api(`/api/v1/desk/complaints/${form.dataset.id}/close`, { method: "POST", body });
    await loadComplaints();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const label = new Map(FIELDS);
    const missing = Object.keys(e.details).map((k) => (label.get(k) || k).toLowerCase());
    form.querySelector(".error").textContent = `${e.message} Missing: ${missing.join(", ")}.`;
  }
}

let orderNumbers = new Map();

async function intake(event) {
  event.preventDefault();
  const form = event.target;
  const error = form.querySelector(".error");
  const number = form.order_number.value.trim();
  const body = {
    channel: form.channel.value, customer_id: Number(form.customer_id.value), summary: form.summary.value,
    households_affected: Number(form.households_affected.value), compensation: form.compensation.value.trim() || "0",
    media_or_litigation: form.media_or_litigation.checked, order_id: number ? orderNumbers.get(number) ?? -1 : null,
  };
  try {
    const c = await api("/api/v1/desk/complaints", { method: "POST", body });
    form.reset();
    error.textContent = "";
    await loadComplaints();
    alert(`Complaint #${c.id} taken: tier ${c.tier}${c.escalated ? ", escalated" : ""}.`);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    error.textContent = fieldErrors(e);
  }
}

async function loadCustomers() {
  const data = await api("/api/v1/customers?per_page=200");
  const list = data.items || data;
  document.querySelector("#intake [name=customer_id]").innerHTML = list.map((c) => `<option value="${c.id}">${esc(c.name)}</option>`).join("");
  const orders = await api("/api/v1/orders?per_page=200");
  orderNumbers = new Map(orders.items.map((o) => [o.number, o.id]));
}

async function main() {
  const user = await requireLogin({ title: "Service desk", roles: ["agent", "admin"] });
  layout(user);
  await Promise.all([loadQueue(), loadSms(), loadComplaints(), loadCustomers()]);
  setInterval(tick, 1000);
  setInterval(loadQueue, 30000);
}

main();

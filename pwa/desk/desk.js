// The service desk: callback queue with countdowns, SMS log, complaints intake and handling.
import { ApiError, api } from "/static/shared/api.js";
import { KINDS, dateTime as time, escapeHtml as esc, plural } from "/static/shared/format.js";
import { requireLogin, signOut } from "/static/shared/gate.js";
import { initIntake, intakeHtml } from "./intake.js";

const TIER_BADGE = { general: "", important: "warn", major: "danger" };
const FIELDS = [["cause", "Cause"], ["course", "Course of events"], ["responsible_party", "Responsible party"], ["conclusion", "Conclusion"], ["countermeasures", "Countermeasures"], ["reply", "Reply to the customer"]];
let clockSkew = 0;

function layout(user) {
  document.body.innerHTML = `
    <header class="bar"><h1>Service desk</h1><span class="spacer"></span>
      <span>${esc(user.username)} (${esc(user.role)})</span><button id="logout">Sign out</button></header>
    <main class="console">
      <section class="card wide"><h2>Callback queue <span class="muted">— call within the deadline after completion</span></h2>
        <table id="queue"><thead><tr><th>Order</th><th>Customer</th><th>Technician</th><th>Completed</th><th>Callback due</th><th>Outcome</th></tr></thead><tbody></tbody></table>
      </section>
      <section class="card"><h2>Complaints</h2><div id="complaints"></div></section>
      <section class="card"><h2>New complaint</h2>
        ${intakeHtml}
      </section>
      <section class="card wide"><h2>Text messages sent</h2>
        <table id="sms"><thead><tr><th>Time</th><th>To</th><th>Message</th><th>Via</th><th>Status</th></tr></thead><tbody></tbody></table>
      </section>
    </main>`;
  document.getElementById("logout").onclick = signOut;
  initIntake(async (complaint) => {
    await loadComplaints();
    alert(`Complaint #${complaint.id} taken: tier ${complaint.tier}${complaint.escalated ? ", escalated" : ""}.`);
  });
}

function countdown(dueIso) {
  const left = Math.round((new Date(dueIso).getTime() - Date.now() - clockSkew) / 1000);
  if (left >= 0) return { text: `${span(left)} left`, late: false };
  return { text: `${span(-left)} overdue`, late: true };
}

/** "47 s", "8 min 47 s", "1 h 29 min", "2 d 3 h": the seconds only while under an hour. */
function span(seconds) {
  const minutes = Math.floor(seconds / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days) return `${days} d ${hours} h`;
  if (hours) return `${hours} h ${minutes % 60} min`;
  return minutes ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}

function tick() {
  document.querySelectorAll(".countdown").forEach((el) => {
    const c = countdown(el.dataset.due);
    el.textContent = c.text;
    el.classList.toggle("late", c.late);
  });
}

const OUTCOMES = { satisfied: "satisfied", not_satisfied: "not solved", unreachable: "unreachable" };

/** What the agent has chosen or been told in each row, to survive the queue's refresh. */
function rowStates() {
  return new Map([...document.querySelectorAll("#queue .outcome")].map((box) => [box.dataset.order, {
    score: box.querySelector("select").value,
    error: box.querySelector(".error").textContent,
    focused: box.contains(document.activeElement) ? document.activeElement.dataset.outcome || "score" : null,
  }]));
}

function restoreRow(box, state) {
  box.querySelector("select").value = state.score;
  box.querySelector(".error").textContent = state.error;
  if (state.focused === "score") box.querySelector("select").focus();
  else if (state.focused) box.querySelector(`[data-outcome="${state.focused}"]`).focus();
}

async function loadQueue() {
  const data = await api("/api/v1/desk/callbacks");
  clockSkew = Date.now() - new Date(data.now).getTime();
  const before = rowStates();
  document.querySelector("#queue tbody").innerHTML = data.items.map((q) => `
    <tr><td class="nowrap">${esc(q.number)}<br><span class="muted">${esc(KINDS[q.kind] || q.kind)}</span></td>
      <td>${esc(q.customer_name)}<br><span class="muted">${esc(q.customer_phone)}</span></td>
      <td>${esc(q.technician_name)}</td><td class="nowrap">${time(q.completed_at)}</td>
      <td class="nowrap"><span class="countdown" data-due="${q.due_at}"></span>
        ${q.attempts.map((a) => `<br><span class="badge">${esc(OUTCOMES[a.outcome] || a.outcome)} ${time(a.made_at)}</span>`).join("")}</td>
      <td><div class="outcome" data-order="${q.order_id}">
        <select aria-label="Score"><option value="">score</option>${[5, 4, 3, 2, 1].map((n) => `<option>${n}</option>`).join("")}</select>
        <button data-outcome="satisfied" class="primary">Satisfied</button>
        <button data-outcome="not_satisfied">Not solved</button>
        <button data-outcome="unreachable">Unreachable</button>
        <p class="error" role="alert"></p></div></td></tr>`).join("")
    || `<tr><td colspan="6" class="muted">No completed orders waiting for a callback.</td></tr>`;
  document.querySelectorAll("#queue .outcome").forEach((box) => {
    if (before.has(box.dataset.order)) restoreRow(box, before.get(box.dataset.order));
    box.querySelector("select").onchange = (e) => e.target.removeAttribute("aria-invalid");
  });
  document.querySelectorAll("#queue [data-outcome]").forEach((b) => { b.onclick = () => callback(b); });
  tick();
}

/** Record the outcome of the row's call; a problem is shown in that row, at the field it concerns. */
async function callback(button) {
  const box = button.closest(".outcome");
  const outcome = button.dataset.outcome;
  const select = box.querySelector("select");
  const error = box.querySelector(".error");
  error.textContent = "";
  select.removeAttribute("aria-invalid");
  try {
    await api("/api/v1/desk/callbacks", { method: "POST", body: { order_id: Number(box.dataset.order), outcome, score: outcome === "unreachable" ? null : Number(select.value) || null } });
    await Promise.all([loadQueue(), loadSms()]);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    error.textContent = e.details.score ? `Score: ${e.details.score}` : e.message;
    if (e.details.score) {
      select.setAttribute("aria-invalid", "true");
      select.focus();
    }
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

async function main() {
  const user = await requireLogin({ title: "Service desk", roles: ["agent", "admin"] });
  layout(user);
  await Promise.all([loadQueue(), loadSms(), loadComplaints()]);
  setInterval(tick, 1000);
  setInterval(loadQueue, 30000);
}

main();

// The screens: login, today's jobs, a job, rejected items, and the sync status bar.
import { ApiError, api, login, logout, storedUser } from "/static/shared/api.js";
import { appointmentSide } from "/static/shared/format.js";
import { database, pending, wipe } from "./db.js";
import { statusActions } from "./model.js";
import { dismiss, flush, refreshParts, status } from "./sync.js";
import { ACTIONS, KINDS, STATUS, ask, clock, countdown, dayTitle, deadline, h, localDay, planned, show, when } from "./ui.js";

/** The login screen; resolves once a technician is signed in. */
export function loginView(message = "") {
  return new Promise((resolve) => {
    const main = show(`
      <form class="card sheet gate" novalidate>
        <h1>Field jobs</h1>
        <p class="muted">Sign in with your technician account. After the first sign-in the app works offline.</p>
        <label for="username">Username</label>
        <input id="username" name="username" autocomplete="username" autocapitalize="none" required>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <p class="error" role="alert">${h(message)}</p>
        <button class="primary" type="submit" style="width:100%">Sign in</button>
      </form>`);
    const form = main.querySelector("form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = form.querySelector(".error");
      try {
        const user = await login(form.username.value.trim(), form.password.value);
        if (user.role !== "technician") {
          await logout();
          error.textContent = "This app is for technicians.";
          return;
        }
        resolve(user);
      } catch (e) {
        error.textContent = e instanceof ApiError ? e.message : "The server cannot be reached.";
      }
    });
  });
}

async function orders() {
  const rows = await (await database()).getAll("orders");
  return rows.map((row) => row.view);
}

function sortKey(order) {
  const done = ["completed", "closed", "cancelled"].includes(order.status) ? 1 : 0;
  return [done, order.scheduled_start || order.due_at || "9999", order.id];
}

function compare(a, b) {
  const [x, y] = [sortKey(a), sortKey(b)];
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

function dueLine(order) {
  if (["completed", "closed"].includes(order.status)) return { text: `done ${clock(order.completed_at)}`, tone: "" };
  if (order.status === "cancelled") return { text: "cancelled by the office", tone: "late" };
  return countdown(deadline(order));
}

/** A warning when the planned start falls outside the customer's appointment (a move by
 * the office can put it there): the technician calls ahead. */
function appointmentWarning(order) {
  const side = appointmentSide(order);
  if (!side) return "";
  return `<div class="appt-off">Planned ${side} the appointment (${clock(order.appointment_start)}–${clock(order.appointment_end)}): call the customer</div>`;
}

function jobCard(order, waiting) {
  const due = dueLine(order);
  const mark = waiting ? `<span class="badge pending">${waiting} unsent</span>` : "";
  return `
    <a class="card job" href="#/order/${order.id}" data-order="${order.id}">
      <div class="top"><span class="eta">${planned(order.scheduled_start)}</span>
        <span class="badge ${order.status}">${h(STATUS[order.status] || order.status)}</span></div>
      <div><strong>${h(order.number)}</strong> · ${h(KINDS[order.kind] || order.kind)} ${mark}</div>
      <div>${h(order.customer?.name)}</div>
      <div class="muted small">${h(order.site?.address)}</div>
      <div class="due ${due.tone}">${h(due.text)}</div>
      ${appointmentWarning(order)}
    </a>`;
}

/** The day a job is planned for when that is after today (a plan made ahead), else null. */
function laterDay(order, today) {
  return order.status === "assigned" && order.work_date && order.work_date > today ? order.work_date : null;
}

/** Today's jobs in route order (scheduled start), with ETA and deadline countdown; jobs
 * already planned for later days follow under their day. */
export async function listView() {
  const jobs = (await orders()).sort(compare);
  const counts = {};
  for (const m of await pending()) counts[m.order_id] = (counts[m.order_id] || 0) + 1;
  const today = localDay();
  const now = [];
  const later = new Map(); // day → its jobs, in route order
  for (const o of jobs) {
    const day = laterDay(o, today);
    if (day) later.set(day, [...(later.get(day) || []), o]);
    else now.push(o);
  }
  const cards = (list) => list.map((o) => jobCard(o, counts[o.id])).join("");
  const user = storedUser();
  show(`
    <h1>Today's jobs <span class="muted small">${h(user?.username || "")}</span></h1>
    ${now.length ? cards(now) : '<p class="card muted">No jobs for you right now. Pull down or wait for the next sync.</p>'}
    ${[...later].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => `<h2 class="later-day" data-day="${h(day)}">${h(dayTitle(day))}</h2>${cards(list)}`).join("")}
  `);
}

function factList(title, items, render) {
  if (!items?.length) return "";
  return `<h2>${h(title)}</h2><ul class="facts card">${items.map((i) => `<li>${render(i)}${i.pending ? ' <span class="badge pending">unsent</span>' : ""}</li>`).join("")}</ul>`;
}

function kindDetails(order) {
  const rows = [
    ["Pipe diameter", order.pipe_diameter_mm && `${order.pipe_diameter_mm} mm`],
    ["Leak location", order.leak_location], ["Leak grade", order.leak_grade], ["Pressure", order.pressure_class],
    ["Vehicle", order.vehicle_plate], ["Driver", order.driver], ["Terminal model", order.terminal_model],
    ["Fault", order.fault_symptom], ["Product", order.product_model],
  ].filter(([, v]) => v);
  return rows.map(([k, v]) => `<div><span class="muted">${h(k)}:</span> ${h(v)}</div>`).join("");
}

function mapsLinks(site) {
  if (!site) return "";
  const q = encodeURIComponent(site.address || "");
  const geo = site.lat != null ? `geo:${site.lat},${site.lon}?q=${site.lat},${site.lon}(${q})` : `geo:0,0?q=${q}`;
  return `<a class="button" href="${geo}">Open in maps</a>`;
}

function actionButtons(order) {
  if (order.status === "cancelled") return '<p class="card error">Cancelled by the office: nothing more to do here.</p>';
  const status = statusActions(order.status).map((t, i) => `<button type="button" class="${i === 0 ? "primary" : ""}" data-action="${t}">${ACTIONS[t]}</button>`);
  const facts = ["part.use", "fee.collect", "photo.attach", "signature.attach", "note.add"];
  if (order.kind.startsWith("gps")) facts.splice(1, 0, "terminal.swap", "sim.swap");
  const more = facts.map((t) => `<button type="button" data-action="${t}">${ACTIONS[t]}</button>`);
  return `<div class="actions">${status.join("")}${more.join("")}</div>`;
}

function noteItem(note) {
  if (!note.conflict) return `${h(note.text)} <span class="muted small">${when(note.device_at)}</span>`;
  return `<div class="conflict"><strong>Conflict — both texts kept.</strong><br>Yours: ${h(note.text)}<br>Other device: ${h(note.other_text)}</div>`;
}

/** One job: customer, address, fault, actions, facts and history. */
export async function orderView(id) {
  const row = await (await database()).get("orders", id);
  if (!row) {
    show('<p class="card">This job is no longer on your list (it may have been given to someone else).</p><a class="button" href="#/">Back to jobs</a>');
    return;
  }
  const o = row.view;
  const due = dueLine(o);
  const phone = o.contact?.phone;
  const main = show(`
    <a href="#/" class="button">‹ Jobs</a>
    <h1>${h(o.number)} <span class="badge ${o.status}">${h(STATUS[o.status] || o.status)}</span></h1>
    <div class="card">
      <div><strong>${h(KINDS[o.kind] || o.kind)}</strong> · priority ${h(o.priority)}</div>
      <div class="due ${due.tone}">${h(due.text)}</div>
      <div class="muted small">Planned ${planned(o.scheduled_start)}${o.appointment_start ? ` · appointment ${clock(o.appointment_start)}–${clock(o.appointment_end)}` : ""}</div>
      ${appointmentWarning(o)}
    </div>
    <div class="card">
      <div><strong>${h(o.customer?.name)}</strong> ${o.customer?.grade ? `<span class="badge">grade ${h(o.customer.grade)}</span>` : ""}</div>
      ${phone ? `<div><a href="tel:${h(phone)}">${h(phone)}</a></div>` : ""}
      <div>${h(o.site?.address)}</div>
      <div style="margin-top:8px">${mapsLinks(o.site)}</div>
    </div>
    <div class="card"><div>${h(o.description)}</div>${kindDetails(o)}</div>
    ${actionButtons(o)}
    ${factList("Parts used", o.parts, (p) => `${h(p.part_name || p.part_code)} × ${h(p.quantity)}${p.serial ? ` · SN ${h(p.serial)}` : ""}`)}
    ${factList("Swaps", o.swaps, (s) => `${s.kind === "sim" ? "SIM" : "Terminal"}: ${h(s.old)} → ${h(s.new)}`)}
    ${factList("Fees", o.fees, (f) => `${h(f.amount)} ${h(f.currency)} · ${h(f.method)} · receipt ${h(f.receipt_no)}${f.invoice_requested ? " · invoice" : ""}`)}
    ${factList("Photos and signatures", o.attachments, attachmentItem)}
    ${factList("Notes", o.notes, noteItem)}
    ${factList("History", [...(o.events || [])].reverse(), (e) => `${when(e.device_at || e.at)} · ${h(e.to ? STATUS[e.to] || e.to : e.type)} ${e.notes ? `<span class="muted small">— ${h(e.notes)}</span>` : ""}`)}
  `);
  loadThumbnails(main);
}

/** A photo or signature: the phone's own thumbnail while unsent, the uploaded image after. */
function attachmentItem(a) {
  const label = `${a.kind === "signature" ? "Signature" : "Photo"} ${h(a.caption)}`;
  if (a.preview) return `<img class="thumb" alt="" src="${a.preview}">${label}`;
  if (a.url) return `<img class="thumb" alt="" data-src="${h(a.url)}" hidden>${label}`;
  return label;
}

/** Object URLs of the uploaded images fetched so far, by API path: the job view is drawn
 * again every 30 s, and each image is fetched once. */
const thumbnails = new Map();

/** Fetch the uploaded images (they need the sign-in token); offline they stay hidden. */
function loadThumbnails(main) {
  for (const img of main.querySelectorAll("img.thumb[data-src]")) {
    const path = img.dataset.src;
    if (!thumbnails.has(path)) {
      thumbnails.set(path, api(path, { raw: true }).then(async (response) => URL.createObjectURL(await response.blob())));
      thumbnails.get(path).catch(() => thumbnails.delete(path)); // offline: try again next time
    }
    thumbnails.get(path).then((url) => {
      img.src = url;
      img.hidden = false;
    }, () => img.remove());
  }
}

/** Rejected mutations with their reasons; each can be dismissed once read. */
export async function rejectedView() {
  const items = await (await database()).getAll("rejected");
  const main = show(`
    <a href="#/" class="button">‹ Jobs</a>
    <h1>Not accepted by the office</h1>
    ${items.length ? "" : '<p class="card muted">Nothing was rejected.</p>'}
    ${items.map((m) => `
      <div class="card rejected-item" data-id="${h(m.id)}">
        <div><strong>${h(ACTIONS[m.type] || m.type)}</strong> on ${h(m.number)}</div>
        <div class="error">${h(m.message || m.code)}</div>
        <div class="muted small">${h(m.code)} · recorded ${when(m.at)}</div>
        <button type="button" data-dismiss="${h(m.id)}">Dismiss</button>
      </div>`).join("")}
  `);
  main.addEventListener("click", async (event) => {
    const id = event.target.dataset?.dismiss;
    if (id) {
      await dismiss(id);
      rejectedView();
    }
  });
}

/** The sync status bar: online state, pending count, last sync, rejected items, log out. */
export async function renderBar() {
  const bar = document.getElementById("bar");
  const s = await status();
  bar.hidden = false;
  bar.className = `bar ${s.online ? "" : "offline"}`;
  bar.innerHTML = `
    <span class="dot" aria-hidden="true"></span>
    <span data-sync-state>${s.online ? (s.syncing ? "Syncing…" : "Online") : "Offline"}</span>
    <span data-pending="${s.pending}">${s.pending} pending</span>
    <span class="grow small" data-last-sync>synced ${s.lastSync ? clock(s.lastSync) : "never"}</span>
    ${s.rejected ? `<button type="button" class="rejected" data-go="#/rejected">${s.rejected} rejected</button>` : ""}
    <button type="button" data-sync>Sync</button>
    <button type="button" data-logout>Log out</button>`;
}

function exportUnsent(items) {
  const blob = new Blob([JSON.stringify(items, null, 2)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `unsent-changes-${new Date().toISOString().slice(0, 19)}.json`;
  link.click();
}

/** Log out, warning first when changes have not been sent. */
export async function confirmLogout() {
  const items = await pending();
  if (items.length) {
    const choice = await ask(
      "Unsent changes",
      `${items.length === 1 ? "1 change has" : `${items.length} changes have`} not reached the office yet. If you log out now they are lost.`,
      [
        { label: "Stay and sync", value: "stay", className: "primary" },
        { label: "Export unsent changes", value: "export" },
        { label: "Log out and lose them", value: "logout", className: "danger" },
      ],
    );
    if (choice === "export") exportUnsent(items);
    if (choice !== "logout") {
      flush();
      return;
    }
  }
  await logout().catch(() => {});
  await wipe();
  location.hash = "";
  location.reload();
}

/** Wire the bar's buttons (once). */
export function wireBar() {
  document.getElementById("bar").addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    if (target.dataset.go) location.hash = target.dataset.go;
    if (target.hasAttribute("data-sync")) flush();
    if (target.hasAttribute("data-logout")) confirmLogout();
  });
}

export { refreshParts };

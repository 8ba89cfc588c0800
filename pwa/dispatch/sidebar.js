// The side panel: the selected order with its manual actions, and the unassigned orders.
import { assign, lock, unassign } from "./actions.js";
import { decide, decisionHtml, renderPending } from "./decisions.js";
import { KINDS, URGENCY, appointmentSide, clockOrDate, escapeHtml, fromWallClock, hhmm, reasonText } from "./format.js";
import { activeTechs, deadlineOf, select, sequenceOf, state, unassigned, visible } from "./state.js";
import { lateness, makeDraggable } from "./timeline.js";

let detail;
let list;

/** `listElements`: the unassigned list and the list of orders awaiting a decision. */
export function initSidebar(detailElement, ...listElements) {
  detail = detailElement;
  [list] = listElements;
  for (const element of listElements) {
    element.addEventListener("click", (event) => {
      const item = event.target.closest("[data-order-id]");
      if (item) select(Number(item.dataset.orderId));
    });
  }
  detail.addEventListener("change", (event) => {
    if (event.target.name === "technician") fillPositions();
  });
  detail.addEventListener("click", onDetailClick);
}

/** A warning when the job ends after its technician's shift (a move can put it there). */
function afterShift(order, tech) {
  if (!tech || !order.scheduled_end) return "";
  const shiftEnd = fromWallClock(`${state.board.date}T${tech.shift_end.slice(0, 5)}`);
  if (Date.parse(order.scheduled_end) <= Date.parse(shiftEnd)) return "";
  return ` <b class="late-text">after the shift ends (${tech.shift_end.slice(0, 5)})</b>`;
}

/** A warning when the scheduled start falls outside the customer's appointment. */
function outsideAppointment(order) {
  const side = appointmentSide(order);
  if (side === "before") return ` <b class="late-text">planned before it</b>`;
  if (side === "after") return ` <b class="late-text">planned after it: call the customer</b>`;
  return "";
}

/** A ticking SLA countdown (filled in by the page's one-second ticker). */
export function slaHtml(order) {
  const deadline = deadlineOf(order);
  if (!deadline) return `<span class="sla none">no deadline</span>`;
  return `<span class="sla" data-deadline="${deadline.at}" title="${deadline.what === "respond" ? "Respond by" : "Due"} ${clockOrDate(deadline.at)}"></span>`;
}

/** One order of a list; `note` (HTML) says why it waits, by default the optimiser's reason. */
function itemHtml(row, note = null) {
  const o = row.order;
  const cls = ["un-item", o.id === state.selected ? "selected" : ""].join(" ");
  return `<li class="${cls}" data-order-id="${o.id}">
    <i class="dot" style="background:${URGENCY[row.urgency].color}" title="${URGENCY[row.urgency].label}"></i>
    <div class="un-main">
      <div class="un-head"><b>${escapeHtml(o.number)}</b><span class="kind k-${o.kind}">${KINDS[o.kind] || o.kind}</span><span class="grade">${o.customer?.grade || ""}</span>${slaHtml(o)}</div>
      <div class="un-sub">${escapeHtml(o.customer?.name || "")} · ${escapeHtml(o.site?.address || "")}</div>
      ${note ?? (row.unassigned_reason ? `<div class="reason">${reasonText(row.unassigned_reason)}</div>` : `<div class="reason none">Not planned yet</div>`)}
    </div>
  </li>`;
}

/** Redraw the unassigned list and the orders awaiting a decision. */
export function renderUnassigned() {
  renderPending(itemHtml);
  const rows = unassigned().filter(visible);
  const count = document.querySelector("#unassigned-count");
  if (count) count.textContent = String(rows.length);
  list.innerHTML = rows.length ? rows.map((row) => itemHtml(row)).join("") : `<li class="empty muted">No unassigned orders match the filters.</li>`;
  for (const el of list.querySelectorAll("[data-order-id]")) makeDraggable(el, Number(el.dataset.orderId));
}

function techOptions(order) {
  const skilled = (t) => !order.skill || t.skills.includes(order.skill);
  return activeTechs()
    .sort((a, b) => skilled(b.technician) - skilled(a.technician))
    .map(({ technician: t }) => {
      const skilled = !order.skill || t.skills.includes(order.skill);
      const chosen = t.id === order.technician_id ? " selected" : "";
      return `<option value="${t.id}"${chosen}>${escapeHtml(t.name)}${skilled ? "" : ` (no ${order.skill} skill)`} · ${t.shift_start.slice(0, 5)}–${t.shift_end.slice(0, 5)}</option>`;
    })
    .join("");
}

function fillPositions() {
  const techSelect = detail.querySelector("select[name=technician]");
  const positions = detail.querySelector("select[name=position]");
  if (!techSelect || !positions) return;
  const techId = Number(techSelect.value);
  positions.disabled = !techId;
  if (!techId) {
    positions.innerHTML = `<option value="" selected>Choose a technician first</option>`;
    return;
  }
  const others = sequenceOf(techId).filter((row) => row.order.id !== state.selected);
  const options = others.map((row, i) => `<option value="${i}">${i + 1} · before ${escapeHtml(row.order.number)} (${hhmm(row.order.scheduled_start)})</option>`);
  options.push(`<option value="" selected>${others.length + 1} · at the end of the day</option>`);
  positions.innerHTML = options.join("");
}

function facts(row) {
  const o = row.order;
  const tech = o.technician_id ? state.techs.get(o.technician_id)?.technician : null;
  const late = lateness(o);
  const rows = [
    ["Customer", `${escapeHtml(o.customer?.name || "")} <span class="grade">${o.customer?.grade || ""}</span>`],
    ["Site", escapeHtml(o.site?.address || "")],
    ["Status", `<span class="status s-${o.status}">${o.status.replace("_", " ")}</span> · priority ${o.priority}${o.locked ? " · 🔒 locked" : ""}`],
    ["SLA", `${slaHtml(o)} <span class="muted">${deadlineOf(o)?.what === "respond" ? "respond by" : "due"} ${clockOrDate(deadlineOf(o)?.at)}</span>`],
    ["Technician", tech ? `<i class="swatch" style="background:${tech.color}"></i>${escapeHtml(tech.name)}` : "—"],
    ["Scheduled", o.scheduled_start ? `${hhmm(o.scheduled_start)}–${hhmm(o.scheduled_end)}${late > 0 ? ` <b class="late-text">late ${late} min</b>` : ""}${afterShift(o, tech)}` : "—"],
  ];
  if (o.appointment_start && o.appointment_end) rows.push(["Appointment", `${clockOrDate(o.appointment_start)}–${hhmm(o.appointment_end)}${outsideAppointment(o)}`]);
  if (row.unassigned_reason) rows.push(["Optimiser", `<span class="reason">${reasonText(row.unassigned_reason)}</span>`]);
  return rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("");
}

const CANNOT_MOVE = {
  en_route: "Its technician is on the way: it cannot be moved.",
  on_site: "Its technician is on site: it cannot be moved.",
  completed: "A completed order cannot be moved.",
};

function actionsHtml(o) {
  const movable = (o.status === "ready" || o.status === "assigned") && !o.locked;
  const parts = [];
  if (movable) {
    parts.push(`<div class="assign-form">
      <label>Technician <select name="technician">${o.technician_id ? "" : `<option value="" disabled selected>Choose…</option>`}${techOptions(o)}</select></label>
      <label>Position <select name="position"></select></label>
      <button class="primary" data-act="assign">${o.technician_id ? "Move" : "Assign"}</button>
    </div>`);
  }
  const buttons = [];
  if (o.status === "assigned" && !o.locked) buttons.push(`<button data-act="unassign">Unassign</button>`);
  if (o.technician_id && (o.status === "assigned" || o.locked)) buttons.push(`<button data-act="${o.locked ? "unlock" : "lock"}">${o.locked ? "Unlock" : "Lock"}</button>`);
  if (buttons.length) parts.push(`<div class="buttons">${buttons.join("")}</div>`);
  parts.push(decisionHtml(o));
  if (!movable && !o.locked && o.status !== "new" && o.status !== "on_hold") parts.push(`<p class="muted small">${CANNOT_MOVE[o.status] || "This order cannot be moved."}</p>`);
  return parts.join("");
}

/** Redraw the selected order's card. */
export function renderDetail() {
  const row = state.orders.get(state.selected);
  if (!row) {
    delete detail.dataset.orderId;
    detail.innerHTML = `<p class="muted hint">Select an order on the map, the timeline or the list to see it here and assign, move, unassign or lock it. Drag unassigned orders or planned stops onto a technician's timeline to move them.</p>`;
    return;
  }
  const o = row.order;
  const same = detail.dataset.orderId === String(o.id) && detail.dataset.version === String(o.version);
  const keep = same ? formValues() : null;
  detail.dataset.orderId = String(o.id);
  detail.dataset.version = String(o.version);
  detail.innerHTML = `<div class="detail-head"><i class="dot" style="background:${URGENCY[row.urgency].color}"></i><h2>${escapeHtml(o.number)}</h2><span class="kind k-${o.kind}">${KINDS[o.kind] || o.kind}</span><button class="close" data-act="close" title="Close">×</button></div>
    <dl class="facts">${facts(row)}</dl>${actionsHtml(o)}<p class="error" role="alert"></p>`;
  fillPositions();
  if (keep) restoreForm(keep);
}

/** What the dispatcher chose in the card, kept across a refresh of the board. */
function formValues() {
  return {
    tech: detail.querySelector("select[name=technician]")?.value,
    position: detail.querySelector("select[name=position]")?.value,
    error: detail.querySelector(".error")?.textContent || "",
    cancelling: !detail.querySelector(".cancel-form")?.hidden,
    reason: detail.querySelector("input[name=cancel-reason]")?.value || "",
  };
}

function restoreForm({ tech, position, error, cancelling, reason }) {
  const techSelect = detail.querySelector("select[name=technician]");
  if (techSelect && tech && techSelect.querySelector(`option[value="${tech}"]`)) {
    techSelect.value = tech;
    fillPositions();
    const positions = detail.querySelector("select[name=position]");
    if (positions.querySelector(`option[value="${position}"]`)) positions.value = position;
  }
  detail.querySelector(".error").textContent = error;
  const form = detail.querySelector(".cancel-form");
  if (form && cancelling) {
    form.hidden = false;
    detail.querySelector("[data-act=cancel-open]").hidden = true;
    form.querySelector("input").value = reason;
  }
}

async function onDetailClick(event) {
  const button = event.target.closest("button[data-act]");
  if (!button) return;
  const id = state.selected;
  const act = button.dataset.act;
  if (act === "close") return select(null);
  const error = detail.querySelector(".error");
  let result;
  error.textContent = "";
  button.disabled = true;
  if (act === "assign") {
    const techId = Number(detail.querySelector("select[name=technician]").value);
    if (!techId) {
      error.textContent = "Choose a technician.";
      button.disabled = false;
      return;
    }
    const position = detail.querySelector("select[name=position]").value;
    result = await assign(id, techId, position === "" ? null : Number(position));
  } else if (act === "unassign") {
    result = await unassign(id);
  } else if (act === "lock" || act === "unlock") {
    result = await lock(id, act === "lock");
  } else {
    result = await decide(act, state.orders.get(id).order, detail);
  }
  button.disabled = false;
  if (!result.ok && state.selected === id) {
    const current = detail.querySelector(".error");
    if (current) current.textContent = result.error;
  }
}

// The per-technician timeline of the day: stops with ETA, lateness, drag-and-drop to (re)assign.
import { KINDS, clockMinutes, dayMinutes, escapeHtml, hhmm, plural, shortNumber } from "./format.js";
import { boardTechs, doneBy, now, select, sequenceOf, state, visible } from "./state.js";

let root;
let onDrop = () => {};
let span = { from: 420, to: 1200 };

/** Mount the timeline in `element`; `drop(orderId, techId, position)` is called on a drop. */
export function initTimeline(element, drop) {
  root = element;
  onDrop = drop;
  root.addEventListener("click", (event) => {
    const block = event.target.closest("[data-order-id]");
    if (block) select(Number(block.dataset.orderId));
  });
  root.addEventListener("dragover", dragOver);
  root.addEventListener("dragleave", (event) => {
    if (!root.contains(event.relatedTarget)) clearIndicator();
  });
  root.addEventListener("drop", dropped);
}

/** Draggable order elements anywhere on the page carry their id. */
export function makeDraggable(element, orderId) {
  element.draggable = true;
  element.addEventListener("dragstart", (event) => {
    event.dataTransfer.setData("text/plain", String(orderId));
    event.dataTransfer.effectAllowed = "move";
    document.body.classList.add("dragging");
  });
  element.addEventListener("dragend", () => {
    document.body.classList.remove("dragging");
    clearIndicator();
  });
}

function pct(minutes) {
  return ((minutes - span.from) / (span.to - span.from)) * 100;
}

/** Lateness in minutes of an order as scheduled, rounded up (0 when on time): a stop late
 * by seconds counts as late, as the plan's late stops count it. */
export function lateness(order) {
  if (!order.scheduled_start) return 0;
  const start = Date.parse(order.scheduled_start);
  const end = Date.parse(order.scheduled_end || order.scheduled_start);
  let late = 0;
  if (order.due_at) late = Math.max(late, (end - Date.parse(order.due_at)) / 60000);
  if (order.respond_by && order.status === "assigned") late = Math.max(late, (start - Date.parse(order.respond_by)) / 60000);
  return late > 0 ? Math.ceil(late) : 0;
}

/** Whether a scheduled repair ends after its deadline (the server's and the timeliness
 * report's rule: the end against due_at, to the second). */
function endsLate(order) {
  const end = order.scheduled_end || order.scheduled_start;
  return Boolean(end) && Date.parse(end) > Date.parse(order.due_at);
}

/** The routes of the day shown: stops on them, how many are late, by how many minutes,
 * and the leak repairs with a deadline among them (how many, how many late). */
export function routeFigures() {
  const figures = { stops: 0, late: 0, lateMin: 0, leaks: 0, leaksLate: 0 };
  const leakKinds = new Set(state.config.leak_kinds); // whose timeliness the target measures
  for (const id of state.techs.keys()) {
    for (const row of sequenceOf(id)) {
      const minutes = lateness(row.order);
      figures.stops += 1;
      if (minutes > 0) {
        figures.late += 1;
        figures.lateMin += minutes;
      }
      if (leakKinds.has(row.order.kind) && row.order.due_at) {
        figures.leaks += 1;
        figures.leaksLate += endsLate(row.order) ? 1 : 0;
      }
    }
  }
  return figures;
}

function blocksOf(techId) {
  const day = state.board.date;
  let cursor = dayMinutes(new Date(now()).toISOString(), day);
  const blocks = [];
  for (const row of [...doneBy(techId), ...sequenceOf(techId)]) {
    const o = row.order;
    const start = o.scheduled_start ? dayMinutes(o.scheduled_start, day) : cursor;
    const end = o.scheduled_end ? dayMinutes(o.scheduled_end, day) : start + (o.duration_min || 30);
    cursor = end;
    blocks.push({ row, start, end: Math.max(end, start + 4), late: o.status === "completed" ? 0 : lateness(o) });
  }
  return blocks;
}

function computeSpan(techs) {
  let from = 24 * 60;
  let to = 0;
  for (const { technician: t } of techs) {
    from = Math.min(from, clockMinutes(t.shift_start));
    to = Math.max(to, clockMinutes(t.shift_end));
    for (const block of blocksOf(t.id)) to = Math.max(to, Math.min(block.end, 26 * 60));
  }
  const current = dayMinutes(new Date(now()).toISOString(), state.board.date);
  if (current >= 0 && current < 24 * 60) {
    from = Math.min(from, current);
    to = Math.max(to, current + 30);
  }
  span = { from: Math.floor(from / 60) * 60, to: Math.ceil(to / 60) * 60 };
  if (span.to <= span.from) span = { from: 420, to: 1200 };
}

/** Give overlapping blocks their own lanes (a day committed over older assignments can overlap). */
function laneUp(blocks) {
  const ends = [];
  for (const block of [...blocks].sort((a, b) => a.start - b.start)) {
    let lane = ends.findIndex((end) => end <= block.start);
    if (lane < 0) lane = ends.length;
    ends[lane] = block.end;
    block.lane = lane;
  }
  for (const block of blocks) block.lanes = Math.max(1, ends.length);
  return blocks;
}

/** "0042" with its leading zeros marked: a short block leaves them out ("42"). */
function numberHtml(number) {
  const [, zeros, rest] = number.match(/^(0*)(.+)$/);
  return `${zeros ? `<span class="lead">${zeros}</span>` : ""}${escapeHtml(rest)}`;
}

function blockHtml({ row, start, end, late, lane, lanes }) {
  const o = row.order;
  const left = Math.max(0, pct(start));
  const width = Math.max(0.6, pct(Math.min(end, span.to)) - left);
  const classes = ["stop", `s-${o.status}`, `u-${row.urgency}`];
  if (late > 0) classes.push("late");
  if (o.locked) classes.push("locked");
  if (o.id === state.selected) classes.push("selected");
  if (!visible(row)) classes.push("dimmed");
  const title = `${o.number} · ${KINDS[o.kind] || o.kind} · ${o.customer?.name || ""}\nETA ${hhmm(o.scheduled_start)}–${hhmm(o.scheduled_end)} · ${o.status.replace("_", " ")}` +
    (late > 0 ? `\nLate by ${late} min` : "") + (o.locked ? "\nLocked" : "");
  if (lanes > 1) classes.push("laned");
  const laneStyle = lanes > 1 ? `;--lane:${lane};--lanes:${lanes}` : "";
  return `<div class="${classes.join(" ")}" data-order-id="${o.id}" style="left:${left}%;width:${width}%${laneStyle}" title="${escapeHtml(title)}">` +
    `<b>${o.locked ? `<i class="lock">🔒</i>` : ""}${numberHtml(shortNumber(o.number))}</b><small>${late > 0 ? lateLabel(late) : hhmm(o.scheduled_start)}</small></div>`;
}

/** Lateness as short as a start time, to fit a short block: "+45m", "+3h" (the title has the minutes). */
export const lateLabel = (minutes) => (minutes < 100 ? `+${minutes}m` : `+${Math.round(minutes / 60)}h`);

function rowHtml(tech) {
  const t = tech.technician;
  const blocks = laneUp(blocksOf(t.id));
  const late = blocks.filter((b) => b.late > 0).length;
  const shiftLeft = pct(clockMinutes(t.shift_start));
  const shiftWidth = pct(clockMinutes(t.shift_end)) - shiftLeft;
  return `<div class="tl-row" data-tech-id="${t.id}">
    <div class="tl-label" title="${escapeHtml(t.name)} · ${t.shift_start.slice(0, 5)}–${t.shift_end.slice(0, 5)}">
      <i style="background:${t.color}"></i>
      <div class="tl-who"><span class="name">${escapeHtml(t.name)}${t.active ? "" : ` <em class="away-tag" title="Marked away: only the work under way stays theirs">away</em>`}</span>
        <span class="meta"><span class="skills">${t.skills.map((s) => `<em class="skill-${s}">${s}</em>`).join("")}</span>
        <span class="count">${plural(tech.sequence.length, "stop")}${late ? ` · <b class="late-count">${late} late</b>` : ""}</span></span></div>
    </div>
    <div class="tl-track" data-tech-id="${t.id}">
      <div class="shift" style="left:${shiftLeft}%;width:${shiftWidth}%"></div>
      ${blocks.map(blockHtml).join("")}
    </div>
  </div>`;
}

const LABEL_COLUMN_PX = 188; // .tl-row's first column
const TICK_GAP_PX = 48; // an "08:00" label and room around it

/** Minutes between hour labels: every hour where they fit, else every 2, 3 or 4 hours. */
function tickStep() {
  const perHour = Math.max(1, root.clientWidth - LABEL_COLUMN_PX) / ((span.to - span.from) / 60);
  return [60, 120, 180, 240].find((step) => (perHour * step) / 60 >= TICK_GAP_PX) || 360;
}

/** Hour labels along the top, as far apart as the width needs (they must not touch). */
function axisHtml() {
  const ticks = [];
  const step = tickStep();
  for (let m = Math.ceil((span.from + 1) / step) * step; m < span.to; m += step) {
    ticks.push(`<span style="left:${pct(m)}%">${String(Math.floor(m / 60) % 24).padStart(2, "0")}:00</span>`);
  }
  return `<div class="tl-row tl-axis"><div class="tl-label"><span class="muted">Technician · stops</span></div><div class="tl-track">${ticks.join("")}</div></div>`;
}

/** Redraw the timeline from the state. */
export function renderTimeline() {
  if (!root || !state.board) return;
  const techs = boardTechs();
  computeSpan(techs);
  root.innerHTML = axisHtml() + `<div class="tl-body">${techs.map(rowHtml).join("")}<div class="now-wrap"><div class="now-line"></div></div></div>`;
  for (const el of root.querySelectorAll(".stop.s-assigned:not(.locked)")) makeDraggable(el, Number(el.dataset.orderId));
  tickTimeline();
}

/** Move the "now" line. */
export function tickTimeline() {
  const line = root?.querySelector(".now-line");
  if (!line || !state.board) return;
  const minutes = dayMinutes(new Date(now()).toISOString(), state.board.date);
  line.style.left = `${pct(minutes)}%`;
  line.hidden = minutes < span.from || minutes > span.to;
}

function dropPoint(event) {
  const track = event.target.closest?.(".tl-body .tl-track");
  if (!track) return null;
  const box = track.getBoundingClientRect();
  const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
  return { track, fraction, minutes: span.from + fraction * (span.to - span.from) };
}

function clearIndicator() {
  root?.querySelectorAll(".drop-here").forEach((el) => el.remove());
  root?.querySelectorAll(".tl-track.over").forEach((el) => el.classList.remove("over"));
}

function dragOver(event) {
  const point = dropPoint(event);
  if (!point) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  clearIndicator();
  point.track.classList.add("over");
  const mark = document.createElement("div");
  mark.className = "drop-here";
  mark.style.left = `${point.fraction * 100}%`;
  point.track.append(mark);
}

/** The position in the technician's sequence that a drop at `minutes` means. */
export function positionAt(techId, orderId, minutes) {
  const others = sequenceOf(techId).filter((row) => row.order.id !== orderId);
  return others.filter((row) => row.order.scheduled_start && dayMinutes(row.order.scheduled_start, state.board.date) < minutes).length;
}

function dropped(event) {
  const point = dropPoint(event);
  clearIndicator();
  if (!point) return;
  event.preventDefault();
  const orderId = Number(event.dataTransfer.getData("text/plain"));
  const techId = Number(point.track.dataset.techId);
  if (orderId && techId) onDrop(orderId, techId, positionAt(techId, orderId, point.minutes));
}

// Small helpers for building the screens.
import { KINDS, escapeHtml as h } from "/static/shared/format.js";

export { KINDS, h };

/** Replace the main area with `html` and return it. */
export function show(html) {
  const main = document.getElementById("app");
  main.innerHTML = html;
  window.scrollTo(0, 0);
  return main;
}

let timeZone; // the operator's zone (from the sync pull, kept offline); the phone's until known

/** Show every time in the operator's IANA time zone, e.g. "Asia/Shanghai". */
export function setTimeZone(zone) {
  timeZone = zone || undefined;
}

/** "09:40" in the operator's time zone. */
export function clock(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
}

/** "22 Nov 09:40" in the operator's time zone. */
export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return `${date.toLocaleDateString([], { day: "numeric", month: "short", timeZone })} ${clock(iso)}`;
}

/** The operator's calendar day of a moment, "2026-12-04" (now if not given). */
export function localDay(iso) {
  return (iso ? new Date(iso) : new Date()).toLocaleDateString("en-CA", { timeZone });
}

/** A planned time: "09:40" today, "4 Dec 09:40" on another day (a plan made ahead). */
export function planned(iso) {
  if (!iso) return "—";
  return localDay(iso) === localDay() ? clock(iso) : when(iso);
}

/** "Tomorrow" or "Sat 5 Dec" for a "YYYY-MM-DD" day after today. */
export function dayTitle(day) {
  const noon = new Date(`${day}T12:00:00Z`);
  const next = new Date(`${localDay()}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  if (noon.getTime() === next.getTime()) return "Tomorrow";
  return noon.toLocaleDateString([], { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
}

/** A countdown to a deadline: {text, tone} with tone "late", "soon" or "". */
export function countdown(iso, now = Date.now()) {
  if (!iso) return { text: "no deadline", tone: "" };
  const minutes = Math.round((new Date(iso).getTime() - now) / 60000);
  if (minutes < 0) return { text: `overdue by ${span(minutes)}`, tone: "late" };
  return { text: `due in ${span(minutes)}`, tone: minutes < 120 ? "soon" : "" };
}

/** A duration for a phone screen: "25 min", "3 h 10 min", beyond two days "180 days". */
function span(minutes) {
  const m = Math.abs(minutes);
  if (m >= 48 * 60) return `${Math.floor(m / 1440)} days`;
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
}

export const STATUS = {
  assigned: "Assigned", en_route: "On the way", on_site: "On site", on_hold: "On hold",
  completed: "Completed", closed: "Closed", cancelled: "Cancelled", ready: "Ready", new: "New",
};
export const ACTIONS = {
  "order.en_route": "On my way", "order.arrived": "Arrived", "order.hold": "Put on hold", "order.complete": "Complete job",
  "part.use": "Part used", "terminal.swap": "Terminal swap", "sim.swap": "SIM swap", "fee.collect": "Fee collected",
  "photo.attach": "Photo", "signature.attach": "Signature", "note.add": "Note",
};

/** The deadline that matters now: the response deadline until arrival, then the repair one. */
export function deadline(order) {
  if (order.respond_by && ["assigned", "en_route"].includes(order.status)) return order.respond_by;
  return order.due_at;
}

/** Show a bottom sheet with buttons; resolves with the chosen button's value. */
export function ask(title, text, buttons) {
  return new Promise((resolve) => {
    const layer = document.createElement("div");
    layer.className = "dialog";
    layer.setAttribute("role", "dialog");
    layer.innerHTML = `<div class="card"><h2>${h(title)}</h2><p>${h(text)}</p><div class="buttons">${buttons
      .map((b, i) => `<button type="button" data-i="${i}" class="${b.className || ""}">${h(b.label)}</button>`)
      .join("")}</div></div>`;
    layer.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-i]");
      if (!button) return;
      layer.remove();
      resolve(buttons[Number(button.dataset.i)].value);
    });
    document.body.append(layer);
  });
}

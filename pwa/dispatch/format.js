// Countdowns and labels of the console; times come from the shared helpers, in the
// operator's zone (set by the login gate). No DOM here.
import { KINDS, appointmentSide, clockOrDate, dayMinutes, escapeHtml, fromWallClock, hhmm, plural } from "/static/shared/format.js";

/** "08:30:00" → 510 */
export function clockMinutes(text) {
  const [h, m] = text.split(":").map(Number);
  return h * 60 + m;
}

/** A signed duration in ms as "2h 05m", "-35m", "12m 09s" (seconds under 1 h). */
export function countdown(ms) {
  const sign = ms < 0 ? "−" : "";
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d) return `${sign}${d}d ${h}h`;
  if (h) return `${sign}${h}h ${String(m).padStart(2, "0")}m`;
  return `${sign}${m}m ${String(sec).padStart(2, "0")}s`;
}

export const STATUSES = ["new", "ready", "assigned", "en_route", "on_site", "on_hold", "completed"];

export const URGENCY = {
  overdue: { label: "Overdue", color: "#d32f2f" },
  due_2h: { label: "Due < 2 h", color: "#f57c00" },
  today: { label: "Due today", color: "#f9c80e" },
  later: { label: "Later", color: "#7d8fa3" },
};

/** "WO-202611-0042" → "0042" */
export function shortNumber(number) {
  return number.split("-").pop();
}

export { KINDS, appointmentSide, clockOrDate, dayMinutes, escapeHtml, fromWallClock, hhmm, plural };

/** The optimiser's reason as HTML: `skill` names in code style. */
export function reasonText(reason) {
  return escapeHtml(reason).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** Message of an ApiError with its field details, for showing to the dispatcher. */
export function errorText(error) {
  const field = (key) => (error.status === 422 ? `${key.replaceAll("_", " ")}: ` : "");
  const details = Object.entries(error.details || {})
    .filter(([key]) => !["status", "version", "plan_id"].includes(key))
    .map(([key, value]) => field(key) + (Array.isArray(value) ? value.join(" ") : String(value)));
  return [error.message, ...details].join(" — ");
}

// Times in the business time zone, countdowns, labels. No DOM here.
import { escapeHtml } from "/static/shared/format.js";

let zone = "UTC";
let clock;
let parts;

/** Use the server's business time zone (e.g. "Asia/Shanghai") for every time shown. */
export function setTimeZone(name) {
  zone = name || "UTC";
  clock = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
}
setTimeZone("UTC");

/** "14:05" in the business time zone; "—" for nothing. */
export function hhmm(iso) {
  return iso ? clock.format(new Date(iso)) : "—";
}

/** Minutes since local midnight of `day` (YYYY-MM-DD) in the business time zone. */
export function dayMinutes(iso, day) {
  const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  const minutes = Number(p.hour) * 60 + Number(p.minute);
  if (date === day) return minutes;
  return date < day ? minutes - 1440 : minutes + 1440;
}

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

export const KINDS = {
  gas_leak: "Gas leak",
  water_leak: "Water leak",
  gps_install: "GPS install",
  gps_repair: "GPS repair",
};

export const STATUSES = ["new", "ready", "assigned", "en_route", "on_site", "completed"];

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

export { escapeHtml };

/** The optimiser's reason as HTML: `skill` names in code style. */
export function reasonText(reason) {
  return escapeHtml(reason).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** Message of an ApiError with its field details, for showing to the dispatcher. */
export function errorText(error) {
  const details = Object.entries(error.details || {})
    .filter(([key]) => !["status", "version", "plan_id"].includes(key))
    .map(([, value]) => (Array.isArray(value) ? value.join(" ") : String(value)));
  return [error.message, ...details].join(" — ");
}

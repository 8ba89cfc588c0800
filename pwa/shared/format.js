// Text helpers shared by the office consoles. No DOM here.

let DATE_TIME = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", dateStyle: "short", timeStyle: "short" });
let DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "UTC" });

/**
 * Show times and days in the operator's time zone (the server's TIMEZONE; the login gate
 * sets it from /api/v1/auth/settings before a page draws anything).
 * @param {string} zone  an IANA zone such as "Asia/Shanghai"
 */
export function setZone(zone) {
  DATE_TIME = new Intl.DateTimeFormat("en-GB", { timeZone: zone, dateStyle: "short", timeStyle: "short" });
  DAY = new Intl.DateTimeFormat("en-CA", { timeZone: zone });
}

/**
 * Escape text for use inside HTML (element content and quoted attributes).
 * @param {any} text  null and undefined become ""
 */
export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/**
 * "25/11/2026, 14:05" in the operator's time zone; "" for nothing.
 * @param {string|null|undefined} iso
 */
export function dateTime(iso) {
  return iso ? DATE_TIME.format(new Date(iso)) : "";
}

/**
 * The day `offset` days from today in the operator's time zone, as YYYY-MM-DD.
 * @param {number} [offset]
 */
export function businessDay(offset = 0) {
  return DAY.format(new Date(Date.now() + offset * 864e5));
}

/**
 * An ApiError's field details as "field: problem; …", or its message when it has none.
 * @param {{message: string, details: Object<string, any>}} error
 */
export function fieldErrors(error) {
  return Object.entries(error.details).map(([k, v]) => `${k}: ${v}`).join("; ") || error.message;
}

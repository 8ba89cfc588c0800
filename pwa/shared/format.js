// Text helpers shared by the office consoles. No DOM here.

let DAY, CLOCK, PARTS;

/**
 * Show times and days in the operator's time zone (the server's TIMEZONE; the login gate
 * sets it from /api/v1/auth/settings before a page draws anything).
 * @param {string} zone  an IANA zone such as "Asia/Shanghai"
 */
export function setZone(zone) {
  const timeZone = zone || "UTC";
  DAY = new Intl.DateTimeFormat("en-CA", { timeZone });
  CLOCK = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  PARTS = new Intl.DateTimeFormat("en-GB", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
}
setZone("UTC");

/** "14:05" in the operator's time zone; "—" for nothing. */
export function hhmm(iso) {
  return iso ? CLOCK.format(new Date(iso)) : "—";
}

/** The operator-zone wall clock of an instant (ms) as {year, month, day, hour, minute} strings. */
function wallParts(ms) {
  return Object.fromEntries(PARTS.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
}

/** The operator-zone wall clock of an instant (ms), read as if it were UTC (ms). */
function wallAsUtc(ms) {
  const p = wallParts(ms);
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
}

/**
 * An instant as a datetime-local input's value ("2026-11-25T14:05") in the operator's
 * time zone, whatever zone the browser is in.
 * @param {number} [ms]  milliseconds since the epoch; now by default
 */
export function wallClockInput(ms = Date.now()) {
  const p = wallParts(ms);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const HALF_DAY = 12 * 3600e3;

/**
 * A datetime-local input's value, read as the operator's wall clock, as an ISO instant.
 * @param {string} value  "2026-11-25T14:05"
 */
export function fromWallClock(value) {
  const [date, clock] = value.split("T");
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = clock.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offsets half a day either side: one each, or the two of a clock change.
  const offsets = [wall - HALF_DAY, wall + HALF_DAY].map((t) => wallAsUtc(t) - t);
  const readings = offsets.map((offset) => wall - offset);
  const exact = readings.filter((t) => wallAsUtc(t) === wall);
  // A time the clocks went back over is read as its first occurrence; one they skipped
  // (spring forward) as the same span after the change, as browsers read local times.
  return new Date(exact.length ? Math.min(...exact) : readings[0]).toISOString();
}

/** Minutes since local midnight of `day` (YYYY-MM-DD) in the operator's time zone. */
export function dayMinutes(iso, day) {
  const p = wallParts(new Date(iso).getTime());
  const date = `${p.year}-${p.month}-${p.day}`;
  const minutes = Number(p.hour) * 60 + Number(p.minute);
  if (date === day) return minutes;
  return date < day ? minutes - 1440 : minutes + 1440;
}

/**
 * Escape text for use inside HTML (element content and quoted attributes).
 * @param {any} text  null and undefined become ""
 */
export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/**
 * "2026-11-25 14:05" in the operator's time zone; "" for nothing. Days are written
 * year first everywhere (as the day headings and the operator's own convention), never
 * 25/11 or 11/25, which read differently from one reader to the next.
 * @param {string|null|undefined} iso
 */
export function dateTime(iso) {
  return iso ? `${DAY.format(new Date(iso))} ${hhmm(iso)}` : "";
}

/** Skills by the names people use (GPS, Water, Gas). */
export const SKILLS = { gps: "GPS", water: "Water", gas: "Gas" };

/** A skill as a word within a sentence: "water", "gas", but "GPS". */
export const skillWord = (skill) => {
  const name = SKILLS[skill] || skill;
  return name === name.toUpperCase() ? name : name.toLowerCase();
};

/** Order priorities, 1 the most urgent. */
export const PRIORITIES = { 1: "1 — most urgent", 2: "2", 3: "3", 4: "4", 5: "5 — least urgent" };

/** Order kinds by the names people use. */
export const KINDS = {
  gas_leak: "Gas leak",
  water_leak: "Water leak",
  gps_install: "GPS install",
  gps_repair: "GPS repair",
};

/**
 * Where an order's planned start falls against its appointment window: "before", "after",
 * or "" (inside it, no appointment, nothing planned, or the work already begun). A move by
 * hand can put it outside; the optimiser never does.
 * @param {{status: string, scheduled_start?: string, appointment_start?: string, appointment_end?: string}} order
 */
export function appointmentSide(order) {
  const { scheduled_start: start, appointment_start: from, appointment_end: to } = order;
  if (!start || !from || !to || !["assigned", "en_route"].includes(order.status)) return "";
  const at = Date.parse(start);
  if (at < Date.parse(from)) return "before";
  return at > Date.parse(to) ? "after" : "";
}

/** "1 stop", "3 stops": a count with its noun. */
export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** "14:05" for an instant today, "2026-11-25 14:05" on any other day; "—" for nothing. */
export function clockOrDate(iso) {
  if (!iso) return "—";
  return DAY.format(new Date(iso)) === businessDay() ? hhmm(iso) : dateTime(iso);
}

/**
 * The day `offset` days from today in the operator's time zone, as YYYY-MM-DD.
 * @param {number} [offset]
 */
export function businessDay(offset = 0) {
  return DAY.format(new Date(Date.now() + offset * 864e5));
}

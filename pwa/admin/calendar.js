// The working-day calendar: holidays and make-up working days, the exceptions to the
// Monday-Friday week that working-day deadlines count with.
import { api } from "/static/shared/api.js";
import { businessDay, escapeHtml as esc, plural } from "/static/shared/format.js";
import { attempt, labelled, recorded, showError, unmark } from "/static/shared/forms.js";
import { offerRecompute } from "./policy.js";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const LABELS = { day: "Date", working: "Type", name: "Name" };
const calendar = { year: "", days: [] };

const weekday = (day) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()];
const kindOfDay = (working) => (working ? "make-up working day" : "holiday");

/** The Calendar tab. */
export function calendarHtml() {
  return `
    <section class="card" id="calendar" data-tab="calendar"><h2>Calendar <span class="muted">— holidays and make-up working days; every other day follows the Monday–Friday week</span></h2>
      <div class="toolbar"><label>Year <select id="year"></select></label><span class="muted" id="day-count"></span></div>
      <table id="days"><thead><tr><th>Date</th><th>Name</th><th>Type</th><th></th></tr></thead></table>
    </section>
    <section class="card" data-tab="calendar"><h2>Add a calendar day</h2>
      <form class="stack" id="add-day" novalidate>
        <label>Date <input name="day" type="date"></label>
        <label>Type <select name="working"><option value="false">Holiday (not worked)</option><option value="true">Make-up working day (worked)</option></select></label>
        <label>Name <input name="name" placeholder="National Day"></label>
        <p class="muted hint" id="day-hint"></p>
        <p class="error" role="alert"></p>
        <button class="primary" type="submit">Add day</button>
      </form>
      <div id="calendar-offer"></div>
    </section>`;
}

/** Wire the Calendar tab and load this year (the operator's). */
export async function initCalendar() {
  calendar.year = businessDay().slice(0, 4);
  document.getElementById("year").onchange = (e) => { calendar.year = e.target.value; loadDays(); };
  const form = document.getElementById("add-day");
  form.onsubmit = addDay;
  form.oninput = (e) => { unmark(form, e.target); hint(form); };
  await loadDays();
}

function yearChoices() {
  const now = Number(businessDay().slice(0, 4));
  const years = [...new Set([now - 1, now, now + 1, now + 2, Number(calendar.year)])].sort((a, b) => a - b);
  document.getElementById("year").innerHTML = years.map((y) => `<option${String(y) === calendar.year ? " selected" : ""}>${y}</option>`).join("");
}

async function loadDays() {
  yearChoices();
  const { year } = calendar;
  const days = await api(`/api/v1/policy/calendar?start=${year}-01-01&end=${year}-12-31`);
  calendar.days = days;
  const holidays = days.filter((d) => !d.working).length;
  document.getElementById("day-count").textContent = `${plural(holidays, "holiday")}, ${plural(days.length - holidays, "make-up working day")}`;
  const table = document.getElementById("days");
  table.querySelectorAll("tbody").forEach((b) => b.remove());
  table.insertAdjacentHTML("beforeend", days.map((d) => `
    <tbody data-day="${esc(d.day)}"><tr><td class="nowrap">${esc(d.day)} <span class="muted">${weekday(d.day).slice(0, 3)}</span></td>
      <td>${esc(d.name) || `<span class="muted">no name</span>`}</td>
      <td><span class="badge ${d.working ? "ok" : "warn"} nowrap">${kindOfDay(d.working)}</span></td>
      <td class="actions"><button type="button" aria-label="Remove ${esc(d.day)}">Remove</button></td></tr>
      <tr class="row-error"><td colspan="4"><p class="error" role="alert"></p></td></tr></tbody>`).join("")
    || `<tbody><tr><td colspan="4" class="muted">No holidays or make-up working days in ${year}: every Monday to Friday is worked.</td></tr></tbody>`);
  table.querySelectorAll("tbody[data-day] button").forEach((b) => { b.onclick = () => removeDay(b.closest("tbody")); });
}

async function removeDay(row) {
  const day = row.dataset.day;
  if (!(await attempt(row, labelled(LABELS), () => api(`/api/v1/policy/calendar/${day}`, { method: "DELETE" })))) return;
  await loadDays();
  offerRecompute(document.getElementById("calendar-offer"), `${day} removed: it follows the Monday–Friday week again.`);
  recorded();
}

/** What the chosen day is already, before the admin adds it. */
function hint(form) {
  const day = form.day.value;
  const known = calendar.days.find((d) => d.day === day);
  const name = day ? weekday(day) : "";
  const weekend = name === "Saturday" || name === "Sunday";
  const working = form.working.value === "true";
  let text = "";
  if (known) text = `${day} is already a ${kindOfDay(known.working)}${known.name ? ` (${known.name})` : ""}; adding it replaces that.`;
  else if (day && working !== weekend) text = `${day} is a ${name}: already a ${working ? "working day" : "day off"}.`;
  document.getElementById("day-hint").textContent = text;
}

async function addDay(event) {
  event.preventDefault();
  const form = event.target;
  const day = form.day.value;
  if (!day) return showError(form, { message: "Choose the day.", details: { day: ["Pick a date."] } }, labelled(LABELS));
  const body = { working: form.working.value === "true", name: form.name.value.trim() };
  if (!(await attempt(form, labelled(LABELS), () => api(`/api/v1/policy/calendar/${day}`, { method: "PUT", body })))) return;
  form.reset();
  calendar.year = day.slice(0, 4);
  await loadDays();
  hint(form);
  offerRecompute(document.getElementById("calendar-offer"), `${day} added as a ${kindOfDay(body.working)}.`);
  recorded();
}

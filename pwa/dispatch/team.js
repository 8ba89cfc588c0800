// Who is on the plan: every technician with their skills, shift and stops on the day shown.
// The dispatcher marks one away (sick, on leave) or back; the server hands the work they have
// not started back to the pool in the same change, for the next plan to give to others.
import { SKILLS, escapeHtml as esc, plural } from "/static/shared/format.js";
import { setOnPlan } from "./actions.js";
import { sequenceOf, state } from "./state.js";

let dialog = null;

/** What the technician has on the day shown: "3 stops, 1 under way". */
function load(techId) {
  const stops = sequenceOf(techId);
  const started = stops.filter((row) => row.order.status !== "assigned").length;
  return stops.length ? `${plural(stops.length, "stop")}${started ? `, ${started} under way` : ""}` : "no stops";
}

function rowHtml({ technician: t }) {
  const skills = t.skills.map((s) => SKILLS[s] || s).join(", ");
  const button = t.active
    ? `<button type="button" data-away="${t.id}">Mark away</button>`
    : `<button type="button" class="primary" data-back="${t.id}">Back on the plan</button>`;
  return `<tr class="${t.active ? "" : "away"}">
    <td><i class="dot" style="background:${t.color}"></i> ${esc(t.name)}</td>
    <td>${esc(skills)}</td><td class="nowrap">${t.shift_start.slice(0, 5)}–${t.shift_end.slice(0, 5)}</td>
    <td>${t.active ? load(t.id) : `<span class="badge warn">away</span>${sequenceOf(t.id).length ? ` ${load(t.id)}` : ""}`}</td><td>${button}</td></tr>`;
}

/** The dialog's frame, once per opening: the list and the status line keep their places. */
function frameHtml() {
  return `
    <h2>Team <span class="muted" data-counts></span></h2>
    <p class="muted">Marking someone away takes them off the plan from now on, every day, until they are back. Their work not yet started goes back to the pool; work under way stays theirs. Optimise afterwards to plan it.</p>
    <p class="said ok" role="status"></p>
    <div class="team-list"><table><thead><tr><th>Technician</th><th>Skills</th><th>Shift</th><th data-day></th><th></th></tr></thead><tbody></tbody></table></div>
    <form method="dialog" class="buttons"><button class="primary">Close</button></form>`;
}

/** The list and its counts, from the board. */
function render() {
  const rows = [...state.techs.values()].sort((a, b) => b.technician.active - a.technician.active || a.technician.name.localeCompare(b.technician.name));
  const away = rows.filter((row) => !row.technician.active).length;
  dialog.querySelector("[data-counts]").textContent = `${plural(rows.length - away, "technician")} on the plan${away ? `, ${away} away` : ""}`;
  dialog.querySelector("[data-day]").textContent = state.board.date;
  dialog.querySelector("tbody").innerHTML = rows.map(rowHtml).join("");
}

/** Tell the outcome in the status line (a modal dialog hides the console's toast). */
function say({ ok, text }) {
  const line = dialog.querySelector(".said");
  line.className = `said ${ok ? "ok" : "error"}`;
  line.textContent = text;
}

async function onClick(event) {
  const button = event.target.closest("[data-away], [data-back]");
  if (!button) return;
  const id = Number(button.dataset.away || button.dataset.back);
  const back = "back" in button.dataset;
  const name = state.techs.get(id).technician.name;
  if (!back && !confirm(`Mark ${name} away? Their work not yet started goes back to the pool; work under way stays theirs.`)) return;
  say(await setOnPlan(id, back));
  render();
  dialog.querySelector(`[data-away="${id}"], [data-back="${id}"]`)?.focus(); // the row's new button
}

/** Wire the team dialog (a <dialog> element). */
export function initTeam(el) {
  dialog = el;
  dialog.addEventListener("click", onClick);
  dialog.addEventListener("close", () => document.getElementById("team-open")?.focus());
}

export function openTeam() {
  dialog.innerHTML = frameHtml();
  render();
  dialog.showModal();
}

/** Keep an open dialog in step with the board. */
export function renderTeam() {
  if (dialog?.open) render();
}

// A technician's working details (phone, skills, shift, home): the fields of the "Add a user"
// form, and the row folded under a technician's user row where the admin edits them.
import { api } from "/static/shared/api.js";
import { SKILLS, escapeHtml as esc } from "/static/shared/format.js";
import { attempt, flash, labelled, recorded, typed, unmark } from "/static/shared/forms.js";

/** The label of each working detail, by its API name. */
export const TECH_LABELS = {
  phone: "Phone", skills: "Skills", shift_start: "Shift start", shift_end: "Shift end",
  home_address: "Home address", home_lat: "Home latitude", home_lon: "Home longitude",
};
const LABELS = labelled(TECH_LABELS);
const NEW = { skills: Object.keys(SKILLS), shift_start: "08:00", shift_end: "17:00" }; // a new starter's

/**
 * The working-detail fields, filled in from `tech` (a new starter's defaults when none).
 * @param {object} [tech]  a technician as the technicians API lists them
 */
export function techFieldsHtml(tech = NEW) {
  const value = (k) => `value="${esc(k.startsWith("shift") ? tech[k].slice(0, 5) : tech[k])}"`; // 08:00, not 08:00:00
  const skills = Object.entries(SKILLS).map(([k, v]) =>
    `<label><input type="checkbox" name="skills" value="${k}"${tech.skills.includes(k) ? " checked" : ""}> ${v}</label>`).join("");
  return `<label>Phone <input name="phone" ${value("phone")}></label>
    <div class="checks" data-field="skills"><span>Skills</span>${skills}</div>
    <div class="grid2"><label>Shift start <input name="shift_start" type="time" ${value("shift_start")}></label>
      <label>Shift end <input name="shift_end" type="time" ${value("shift_end")}></label></div>
    <label>Home address <input name="home_address" ${value("home_address")}></label>
    <div class="grid2"><label>Home latitude <input name="home_lat" inputmode="decimal" placeholder="30.2741" ${value("home_lat")}></label>
      <label>Home longitude <input name="home_lon" inputmode="decimal" placeholder="120.1551" ${value("home_lon")}></label></div>`;
}

/**
 * The working details in `form` as the API takes them; the API checks the numbers and times.
 * @param {HTMLFormElement} form
 */
export function techBody(form) {
  return {
    phone: form.phone.value.trim(), home_address: form.home_address.value.trim(),
    skills: [...form.querySelectorAll("[name=skills]:checked")].map((c) => c.value),
    shift_start: typed(form.shift_start.value), shift_end: typed(form.shift_end.value),
    home_lat: typed(form.home_lat.value), home_lon: typed(form.home_lon.value),
  };
}

/** The row under technician `tech`'s user row where the admin edits their details, folded until asked. */
export function techRowHtml(tech) {
  return `<tr class="tech-row" hidden><td colspan="5"><form class="tech-form" novalidate>
    ${techFieldsHtml(tech)}
    <div class="buttons"><button class="primary" type="submit">Save details</button><button type="button" data-fold>Cancel</button></div>
    <p class="error" role="alert"></p></form></td></tr>`;
}

/**
 * Wire the "Edit" button and form of technician `tech` in `body` (their user's tbody).
 * @param {HTMLElement} body
 * @param {object} tech
 * @param {() => Promise<void>} saved  reloads the users and technicians after a save
 */
export function wireTechnician(body, tech, saved) {
  const row = body.querySelector(".tech-row");
  const form = row.querySelector("form");
  const button = body.querySelector("[data-edit]");
  const fold = (open) => {
    row.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    form.reset();
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    form.querySelector(".error").textContent = "";
    if (open) form.phone.focus();
  };
  button.onclick = () => fold(row.hidden);
  form.querySelector("[data-fold]").onclick = () => fold(false);
  form.oninput = (e) => unmark(form, e.target);
  form.onsubmit = async (event) => {
    event.preventDefault();
    const url = `/api/v1/technicians/${tech.id}`;
    if (!(await attempt(form, LABELS, () => api(url, { method: "PATCH", body: techBody(form) })))) return;
    await saved(); // draws the rows afresh, this one folded
    recorded();
    flash(document.getElementById("users-flash"), `${tech.username}'s working details saved.`);
  };
}

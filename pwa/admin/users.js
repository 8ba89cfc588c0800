// Users: who can sign in, in which role; adding staff, deactivating those who left.
import { api } from "/static/shared/api.js";
import { escapeHtml as esc, plural } from "/static/shared/format.js";
import { attempt, flash, labelled, options, recorded, typed, unmark } from "./forms.js";
import { passwordRowHtml, wirePassword } from "./password.js";

const ROLES = Object.fromEntries(["admin", "dispatcher", "agent", "technician", "finance"].map((r) => [r, r]));
const SKILLS = { gps: "GPS", water: "Water", gas: "Gas" };
const LABELS = {
  username: "Username", full_name: "Full name", role: "Role", password: "Initial password", phone: "Phone",
  skills: "Skills", shift_start: "Shift start", shift_end: "Shift end", home_address: "Home address",
  home_lat: "Home latitude", home_lon: "Home longitude",
};

/** The users and technicians (by user id) as last loaded; the audit log names people from them. */
export const people = { me: null, users: [], techs: new Map() };

/** The Users tab. */
export function usersHtml() {
  return `
    <section class="card" data-tab="users"><h2>Users</h2>
      <div class="toolbar"><label>Role <select id="role-filter"><option value="">all roles</option>${options(ROLES)}</select></label>
        <span class="muted" id="user-count"></span><span id="users-flash"></span></div>
      <table id="user-table"><thead><tr><th>Username</th><th>Name</th><th>Role</th><th>Status</th><th></th></tr></thead></table>
      <p class="muted">A deactivated user is signed out at once and cannot sign in again; a deactivated technician also leaves the dispatch plan.</p>
    </section>
    <section class="card" data-tab="users"><h2>Add a user</h2>
      <form class="stack" id="add-user" novalidate>
        <label>Username <input name="username" autocomplete="off"></label>
        <label>Full name <input name="full_name" autocomplete="off"></label>
        <label>Role <select name="role">${options(ROLES, "agent")}</select></label>
        <label>Initial password <input name="password" type="password" autocomplete="new-password"></label>
        <fieldset id="tech-fields" hidden><legend>Technician</legend>
          <label>Phone <input name="phone"></label>
          <div class="checks" data-field="skills"><span>Skills</span>${Object.entries(SKILLS).map(([k, v]) =>
            `<label><input type="checkbox" name="skills" value="${k}" checked> ${v}</label>`).join("")}</div>
          <div class="grid2"><label>Shift start <input name="shift_start" type="time" value="08:00"></label>
            <label>Shift end <input name="shift_end" type="time" value="17:00"></label></div>
          <label>Home address <input name="home_address"></label>
          <div class="grid2"><label>Home latitude <input name="home_lat" inputmode="decimal" placeholder="30.2741"></label>
            <label>Home longitude <input name="home_lon" inputmode="decimal" placeholder="120.1551"></label></div>
        </fieldset>
        <p class="error" role="alert"></p>
        <button class="primary" type="submit">Add user</button>
      </form>
    </section>`;
}

/** Wire the Users tab for the signed-in admin `me` and load it. */
export async function initUsers(me) {
  people.me = me;
  document.getElementById("role-filter").onchange = renderUsers;
  const form = document.getElementById("add-user");
  form.role.onchange = () => { document.getElementById("tech-fields").hidden = form.role.value !== "technician"; };
  form.onsubmit = addUser;
  form.oninput = (e) => unmark(form, e.target);
  await loadUsers();
}

async function loadUsers() {
  const [users, techs] = await Promise.all([api("/api/v1/users"), api("/api/v1/technicians")]);
  people.users = users;
  people.techs = new Map(techs.map((t) => [t.user_id, t]));
  renderUsers();
}

function status(user) {
  const tech = people.techs.get(user.id);
  if (!user.active) return `<span class="badge danger">deactivated</span>`;
  const off = tech && !tech.active ? ` <span class="badge warn" title="Dispatch does not plan their work">off the plan</span>` : "";
  return `<span class="badge ok">active</span>${off}`;
}

function renderUsers() {
  const role = document.getElementById("role-filter").value;
  const shown = people.users.filter((u) => !role || u.role === role);
  const active = shown.filter((u) => u.active).length;
  document.getElementById("user-count").textContent = `${plural(shown.length, "user")}, ${active} active`;
  const table = document.getElementById("user-table");
  table.querySelectorAll("tbody").forEach((b) => b.remove());
  table.insertAdjacentHTML("beforeend", shown.map((u) => `
    <tbody data-user="${u.id}" class="${u.active ? "" : "inactive"}"><tr><td>${esc(u.username)}</td><td>${esc(u.full_name)}</td>
      <td>${esc(u.role)}</td><td class="nowrap">${status(u)}</td>
      <td class="actions">${u.id === people.me.id ? `<span class="muted">you</span>`
        : `<button type="button" data-password>New password</button> <button type="button" data-active="${!u.active}">${u.active ? "Deactivate" : "Reactivate"}</button>`}</td></tr>
      <tr class="row-error"><td colspan="5"><p class="error" role="alert"></p></td></tr>${passwordRowHtml()}</tbody>`).join("")
    || `<tbody><tr><td colspan="5" class="muted">No ${role ? `${role} ` : ""}users.</td></tr></tbody>`);
  table.querySelectorAll("[data-active]").forEach((b) => { b.onclick = () => setActive(b.closest("tbody"), b.dataset.active === "true"); });
  table.querySelectorAll("[data-password]").forEach((b) => {
    const body = b.closest("tbody");
    wirePassword(body, people.users.find((u) => u.id === Number(body.dataset.user)));
  });
}

/** Deactivate or reactivate a user; a technician also leaves (or rejoins) the dispatch plan. */
async function setActive(row, active) {
  const user = people.users.find((u) => u.id === Number(row.dataset.user));
  const tech = people.techs.get(user.id);
  const who = `${user.username}${user.full_name ? ` (${user.full_name})` : ""}`;
  const planned = tech ? "; dispatch stops planning their work" : "";
  if (!active && !confirm(`Deactivate ${who}? They are signed out at once and can no longer sign in${planned}.`)) return;
  const done = await attempt(row, labelled({}), async () => {
    await api(`/api/v1/users/${user.id}/active`, { method: "PUT", body: { active } }); // a technician's place on the plan follows
  });
  if (!done) return;
  await loadUsers();
  recorded();
  flash(document.getElementById("users-flash"), `${user.username} ${active ? "reactivated" : "deactivated"}.`);
}

/** The form as the API wants it: a technician is created with their working details. */
function userBody(form) {
  const user = { username: form.username.value.trim(), full_name: form.full_name.value.trim(), password: form.password.value };
  if (form.role.value !== "technician") return { ...user, role: form.role.value };
  return {
    ...user, phone: form.phone.value.trim(), home_address: form.home_address.value.trim(),
    skills: [...form.querySelectorAll("[name=skills]:checked")].map((c) => c.value),
    shift_start: typed(form.shift_start.value), shift_end: typed(form.shift_end.value),
    home_lat: typed(form.home_lat.value), home_lon: typed(form.home_lon.value),
  };
}

async function addUser(event) {
  event.preventDefault();
  const form = event.target;
  const body = userBody(form);
  const path = body.role ? "/api/v1/users" : "/api/v1/technicians"; // the latter makes the user too
  if (!(await attempt(form, labelled(LABELS), () => api(path, { method: "POST", body })))) return;
  form.reset();
  document.getElementById("tech-fields").hidden = true;
  await loadUsers();
  recorded();
  flash(document.getElementById("users-flash"), `${body.username} added: they sign in with the initial password.`);
}

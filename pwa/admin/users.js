// Users: who can sign in, in which role; adding staff, deactivating those who left.
import { api } from "/static/shared/api.js";
import { escapeHtml as esc, plural } from "/static/shared/format.js";
import { attempt, flash, labelled, options, recorded, unmark } from "/static/shared/forms.js";
import { passwordRowHtml, wirePassword } from "./password.js";
import { TECH_LABELS, techBody, techFieldsHtml, techRowHtml, wireTechnician } from "./technician.js";

const ROLES = Object.fromEntries(["admin", "dispatcher", "agent", "technician", "finance"].map((r) => [r, r]));
const LABELS = { username: "Username", full_name: "Full name", role: "Role", password: "Initial password", ...TECH_LABELS };

/** The users and technicians (by user id) as last loaded; the audit log names people from them. */
export const people = { me: null, users: [], techs: new Map() };

/** The Users tab. */
export function usersHtml() {
  return `
    <section class="card" data-tab="users"><h2>Users</h2>
      <div class="toolbar"><label>Role <select id="role-filter"><option value="">all roles</option>${options(ROLES)}</select></label>
        <span class="muted" id="user-count"></span><span id="users-flash"></span></div>
      <table id="user-table"><thead><tr><th>Username</th><th>Name</th><th>Role</th><th>Status</th><th></th></tr></thead></table>
      <p class="muted">A deactivated user is signed out at once and cannot sign in again; a deactivated technician also leaves the dispatch plan, and their work not yet started goes back to the pool.</p>
    </section>
    <section class="card" data-tab="users"><h2>Add a user</h2>
      <form class="stack" id="add-user" novalidate>
        <label>Username <input name="username" autocomplete="off"></label>
        <label>Full name <input name="full_name" autocomplete="off"></label>
        <label>Role <select name="role">${options(ROLES, "agent")}</select></label>
        <label>Initial password <input name="password" type="password" autocomplete="new-password"></label>
        <fieldset id="tech-fields" hidden><legend>Technician</legend>${techFieldsHtml()}</fieldset>
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
  const off = tech && !tech.active ? ` <span class="badge warn" title="Marked away: dispatch plans no work for them until the dispatch console's Team list puts them back">away</span>` : "";
  return `<span class="badge ok">active</span>${off}`;
}

/** A user's buttons: none for the admin themself; "Edit" for a technician's working details. */
function actions(user) {
  if (user.id === people.me.id) return `<span class="muted">you</span>`;
  const edit = people.techs.has(user.id) ? `<button type="button" data-edit aria-expanded="false">Edit</button> ` : "";
  return `${edit}<button type="button" data-password>New password</button> <button type="button" data-active="${!user.active}">${user.active ? "Deactivate" : "Reactivate"}</button>`;
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
      <td class="actions">${actions(u)}</td></tr>
      <tr class="row-error"><td colspan="5"><p class="error" role="alert"></p></td></tr>${passwordRowHtml()}
      ${people.techs.has(u.id) ? techRowHtml(people.techs.get(u.id)) : ""}</tbody>`).join("")
    || `<tbody><tr><td colspan="5" class="muted">No ${role ? `${role} ` : ""}users.</td></tr></tbody>`);
  table.querySelectorAll("[data-active]").forEach((b) => { b.onclick = () => setActive(b.closest("tbody"), b.dataset.active === "true"); });
  table.querySelectorAll("[data-password]").forEach((b) => {
    const body = b.closest("tbody");
    wirePassword(body, people.users.find((u) => u.id === Number(body.dataset.user)));
  });
  table.querySelectorAll("[data-edit]").forEach((b) => {
    wireTechnician(b.closest("tbody"), people.techs.get(Number(b.closest("tbody").dataset.user)), loadUsers);
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
  return form.role.value === "technician" ? { ...user, ...techBody(form) } : { ...user, role: form.role.value };
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

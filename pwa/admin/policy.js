// Deadlines and kinds: each kind's deadline table by size class, the kinds' settings, and
// recomputing open orders' deadlines after a change.
import { api } from "/static/shared/api.js";
import { KINDS, PRIORITIES, SKILLS, escapeHtml as esc, plural } from "/static/shared/format.js";
import { attempt, flash, labelled, options, recorded, typed, unmark } from "/static/shared/forms.js";

export const UNITS = { hours: "hours", days: "days", working_days: "working days", months: "months", appointment: "at the appointment" };
const SIZE_BY = { pipe_diameter_mm: "by pipe diameter (mm)", leak_grade: "by leak grade" };
export const RULE_LABELS = {
  rules: "Size classes", attribute: "Size by", size_class: "Size class", min_value: "From", max_value: "To",
  due_amount: "Due within", due_unit: "Unit", respond_hours: "On site within (h)",
  make_safe_hours: "Escape stopped within (h)", hard: "Hard deadline",
};
export const KIND_LABELS = { kind: "Kind", skill: "Skill", requires_approval: "Needs approval", default_duration_min: "Default duration (min)", default_priority: "Default priority" };
const kindName = (kind) => KINDS[kind] || kind;
/** A kind's name inside a sentence: "water leak", but "GPS install". */
export const kindInText = (kind) => kindName(kind).replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());

const rules = new Map(); // kind -> its rule rows as saved

/** The Deadlines and kinds tab. */
export function policyHtml() {
  return `
    <section class="card wide" id="kinds" data-tab="policy"><h2>Order kinds <span class="muted">— what a new order of each kind starts with</span></h2>
      <table id="kind-table"><colgroup><col class="c-kind"><col class="c-skill"><col class="c-approval"><col class="c-duration"><col class="c-priority"><col></colgroup>
        <thead><tr><th>Kind</th><th>Skill</th><th class="center">Needs approval</th><th>Default duration (min)</th><th>Default priority</th><th></th></tr></thead></table>
    </section>
    <section class="card wide" id="deadlines" data-tab="policy"><h2>Deadlines <span class="muted">— how long an order may take, per kind and size class, counted from its report</span></h2>
      <div id="rule-tables"></div>
    </section>`;
}

/** Load the tab's tables. */
export async function initPolicy() {
  await Promise.all([loadKinds(), loadRules()]);
}

// ---- deadline tables ------------------------------------------------------------------

const blank = (value) => (value === null || value === undefined ? "" : esc(value));

function ruleRow(rule, ranged) {
  const cell = (field, placeholder = "") =>
    `<td><input data-f="${field}" value="${blank(rule[field])}" placeholder="${placeholder}" aria-label="${RULE_LABELS[field]}"></td>`;
  return `<tr>${cell("size_class")}
    ${ranged ? cell("min_value", "no limit") + cell("max_value", "no limit") : `<td colspan="2" class="muted">every order</td>`}
    ${cell("due_amount")}<td><select data-f="due_unit" aria-label="Unit">${options(UNITS, rule.due_unit)}</select></td>
    ${cell("respond_hours", "—")}${cell("make_safe_hours", "—")}
    <td class="center"><input type="checkbox" data-f="hard" aria-label="Hard deadline"${rule.hard ? " checked" : ""}></td>
    <td>${ranged ? `<button type="button" data-remove>Remove</button>` : ""}</td></tr>`;
}

function ruleTable(kind) {
  const rows = rules.get(kind);
  const attribute = rows[0]?.attribute || "";
  const name = kindName(kind);
  return `<form class="rules" data-kind="${esc(kind)}" data-attribute="${esc(attribute)}" novalidate>
    <h3>${esc(name)} <span class="muted">${esc(SIZE_BY[attribute] || "— one deadline for every order")}</span></h3>
    <table><colgroup><col class="c-size"><col class="c-num"><col class="c-num"><col class="c-num"><col class="c-unit"><col class="c-hours"><col class="c-hours"><col class="c-hard"><col class="c-act"></colgroup>
      <thead><tr><th>Size class</th><th colspan="2">${attribute ? "From – to (inclusive)" : "Applies to"}</th><th>Due within</th><th>Unit</th>
      <th>On site within (h)</th><th>Escape stopped within (h)</th><th class="center">Hard</th><th></th></tr></thead>
      <tbody>${rows.map((r) => ruleRow(r, Boolean(attribute))).join("")}</tbody></table>
    <div class="toolbar">${attribute ? `<button type="button" data-add>Add a size class</button>` : ""}
      <button type="submit" class="primary" disabled>Save ${esc(kindInText(kind))} deadlines</button>
      <button type="button" data-undo disabled>Undo changes</button><span class="status muted"></span></div>
    <p class="error" role="alert"></p><div class="offer"></div></form>`;
}

/** Name the inputs by the API's paths ("rules.<row>.<field>") so its errors find them. */
function numberRows(form) {
  form.querySelectorAll("tbody tr").forEach((tr, i) => {
    tr.querySelectorAll("[data-f]").forEach((el) => { el.dataset.field = `rules.${i}.${el.dataset.f}`; });
  });
}

function edited(form) {
  form.querySelector("[type=submit]").disabled = false;
  form.querySelector("[data-undo]").disabled = false;
  const status = form.querySelector(".status");
  status.className = "status muted";
  status.textContent = "Unsaved changes";
}

function drawRules(kind) {
  const holder = document.createElement("div");
  holder.innerHTML = ruleTable(kind);
  const form = holder.firstElementChild;
  const old = document.querySelector(`form.rules[data-kind="${kind}"]`);
  if (old) old.replaceWith(form); else document.getElementById("rule-tables").append(form);
  numberRows(form);
  form.oninput = (e) => { unmark(form, e.target); edited(form); };
  form.onsubmit = (e) => { e.preventDefault(); saveRules(form); };
  form.onclick = (e) => {
    if (e.target.matches("[data-undo]")) drawRules(kind);
    if (e.target.matches("[data-add]")) addRow(form);
    if (!e.target.matches("[data-remove]")) return;
    e.target.closest("tr").remove();
    numberRows(form);
    edited(form);
  };
  return form;
}

function addRow(form) {
  form.querySelector("tbody").insertAdjacentHTML("beforeend", ruleRow({ due_unit: "hours" }, true));
  numberRows(form);
  edited(form);
  form.querySelector("tbody tr:last-child input").focus();
}

function readRules(form) {
  return [...form.querySelectorAll("tbody tr")].map((tr) => {
    const input = (f) => tr.querySelector(`[data-f="${f}"]`);
    const number = (f) => (input(f) ? typed(input(f).value) : null);
    return {
      attribute: form.dataset.attribute || null, size_class: input("size_class").value.trim(),
      min_value: number("min_value"), max_value: number("max_value"),
      due_amount: number("due_amount"), due_unit: input("due_unit").value,
      respond_hours: number("respond_hours"), make_safe_hours: number("make_safe_hours"), hard: input("hard").checked,
    };
  });
}

/** "Row 2 (301-999 mm), Due within" for "rules.1.due_amount". */
function ruleLabel(form, path) {
  const [, row, field] = path.split(".");
  if (row === undefined) return RULE_LABELS[path] || path;
  const size = form.querySelectorAll("tbody tr")[Number(row)]?.querySelector("[data-f=size_class]").value.trim();
  return `Row ${Number(row) + 1}${size ? ` (${size})` : ""}, ${RULE_LABELS[field] || field}`;
}

async function saveRules(form) {
  const kind = form.dataset.kind;
  const body = { rules: readRules(form) };
  const saved = await attempt(form, (path) => ruleLabel(form, path), () => api(`/api/v1/policy/deadlines/${kind}`, { method: "PUT", body }));
  if (!saved) return;
  rules.set(kind, saved);
  const fresh = drawRules(kind);
  flash(fresh.querySelector(".status"), "Saved.");
  offerRecompute(fresh.querySelector(".offer"), `${kindName(kind)} deadlines saved.`);
  recorded();
}

async function loadRules() {
  const all = await api("/api/v1/policy/deadlines");
  rules.clear();
  [...Object.keys(KINDS), ...all.map((r) => r.kind)].forEach((kind) => {
    const rows = all.filter((r) => r.kind === kind);
    if (rows.length && !rules.has(kind)) rules.set(kind, rows);
  });
  const box = document.getElementById("rule-tables");
  box.innerHTML = rules.size ? "" : `<p class="muted">No deadline rules.</p>`;
  [...rules.keys()].forEach(drawRules);
}

/**
 * After a policy change: open orders keep their deadlines until recomputed; offer that in `box`.
 * @param {HTMLElement} box
 * @param {string} done  what was changed, said first
 */
export function offerRecompute(box, done) {
  box.innerHTML = `<div class="recompute"><span>${esc(done)} Open orders keep the deadlines they were given until recomputed.</span>
    <button type="button" class="primary">Recompute open orders' deadlines</button><p class="error" role="alert"></p></div>`;
  const button = box.querySelector("button");
  button.onclick = async () => {
    button.disabled = true;
    const result = await attempt(box, labelled({}), () => api("/api/v1/policy/recompute", { method: "POST" }));
    button.disabled = false;
    if (!result) return;
    const changed = result.changed ? `${plural(result.changed, "open order")} got a new deadline` : "no open order's deadline changed";
    box.innerHTML = `<div class="notice recomputed">Recomputed: ${changed}.</div>`;
    recorded();
  };
}

// ---- order kinds ----------------------------------------------------------------------

function kindRow(k) {
  return `<tbody data-kind="${esc(k.kind)}"><tr><td>${esc(kindName(k.kind))}</td>
    <td><select name="skill" aria-label="Skill">${options(SKILLS, k.skill)}</select></td>
    <td class="center"><input type="checkbox" name="requires_approval" aria-label="Needs approval"${k.requires_approval ? " checked" : ""}></td>
    <td><input name="default_duration_min" value="${esc(String(k.default_duration_min))}" inputmode="numeric" aria-label="Default duration (min)"></td>
    <td><select name="default_priority" aria-label="Default priority">${options(PRIORITIES, k.default_priority)}</select></td>
    <td class="actions"><button type="button" class="primary" disabled>Save</button> <span class="status"></span></td></tr>
    <tr class="row-error"><td colspan="6"><p class="error" role="alert"></p></td></tr></tbody>`;
}

async function loadKinds() {
  const kinds = await api("/api/v1/policy/kinds");
  const table = document.getElementById("kind-table");
  table.querySelectorAll("tbody").forEach((b) => b.remove());
  table.insertAdjacentHTML("beforeend", kinds.map(kindRow).join("") || `<tbody><tr><td colspan="6" class="muted">No order kinds.</td></tr></tbody>`);
  table.querySelectorAll("tbody[data-kind]").forEach((row) => {
    const button = row.querySelector("button");
    row.oninput = (e) => { unmark(row, e.target); button.disabled = false; row.querySelector(".status").textContent = ""; };
    button.onclick = () => saveKind(row);
  });
}

async function saveKind(row) {
  const field = (name) => row.querySelector(`[name=${name}]`);
  const body = {
    skill: field("skill").value, requires_approval: field("requires_approval").checked,
    default_duration_min: typed(field("default_duration_min").value), default_priority: Number(field("default_priority").value),
  };
  const path = `/api/v1/policy/kinds/${row.dataset.kind}`;
  if (!(await attempt(row, labelled(KIND_LABELS), () => api(path, { method: "PATCH", body })))) return;
  row.querySelector("button").disabled = true;
  flash(row.querySelector(".status"), "Saved.");
  recorded();
}

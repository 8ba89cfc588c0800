// The parts catalogue technicians choose from: each part's name, price and the kind of job
// it is for, edited in its row; parts no longer stocked retired (they leave the phones'
// list; uses already recorded keep them); new parts added below. A part's code and serial
// tracking stay as created: the uses recorded name the part by them.
import { api } from "/static/shared/api.js";
import { SKILLS, escapeHtml as esc, plural } from "/static/shared/format.js";
import { attempt, flash, labelled, options, recorded, typed, unmark } from "/static/shared/forms.js";

const FOR_JOBS = { "": "any job", ...SKILLS };
/** Part id (as the audit log keeps it, text) -> code, as last loaded; the audit log names parts by it. */
export const partCodes = new Map();
const LABELS = labelled({ code: "Code", name: "Name", unit_price: "Unit price (CNY)", skill: "For jobs", serial_tracked: "Serial-tracked" });

/** The Parts tab. */
export function partsHtml() {
  return `
    <section class="card wide" data-tab="parts"><h2>Parts <span class="muted">— the catalogue technicians choose from</span></h2>
      <div class="toolbar"><span class="muted" id="part-count"></span><span id="parts-flash"></span></div>
      <table id="part-table"><colgroup><col class="c-code"><col><col class="c-price"><col class="c-skill"><col class="c-serial"><col class="c-actions"></colgroup>
        <thead><tr><th>Code</th><th>Name</th><th>Unit price (CNY)</th><th>For jobs</th><th>Serial</th><th></th></tr></thead></table>
      <p class="muted">A retired part leaves the technicians' list at their next sync; the uses already recorded keep it.</p>
    </section>
    <section class="card" data-tab="parts"><h2>Add a part</h2>
      <form class="stack" id="add-part" novalidate>
        <label>Code <input name="code" autocomplete="off" autocapitalize="characters" placeholder="GAS-REG"></label>
        <label>Name <input name="name" autocomplete="off"></label>
        <label>Unit price (CNY) <input name="unit_price" inputmode="decimal" placeholder="0.00"></label>
        <label>For jobs <select name="skill">${options(FOR_JOBS, "")}</select></label>
        <label class="check"><input type="checkbox" name="serial_tracked"> Serial-tracked (a serial number for each one used)</label>
        <p class="error" role="alert"></p>
        <div class="buttons"><button class="primary" type="submit">Add part</button> <span class="status" id="part-added"></span></div>
      </form>
    </section>`;
}

/** Wire the Parts tab and load the catalogue, retired parts included. */
export async function initParts() {
  const form = document.getElementById("add-part");
  form.onsubmit = addPart;
  form.oninput = (e) => unmark(form, e.target);
  await loadParts();
}

function partRow(p) {
  const retire = p.active ? `<button type="button" data-active="false">Retire</button>` : `<button type="button" data-active="true">Restore</button>`;
  return `<tbody data-part="${p.id}" class="${p.active ? "" : "inactive"}"><tr><td>${esc(p.code)}${p.active ? "" : ` <span class="badge">retired</span>`}</td>
    <td><input name="name" value="${esc(p.name)}" title="${esc(p.name)}" aria-label="Name of ${esc(p.code)}"></td>
    <td><input name="unit_price" value="${esc(p.unit_price)}" inputmode="decimal" aria-label="Unit price of ${esc(p.code)}"></td>
    <td><select name="skill" aria-label="Jobs ${esc(p.code)} is for">${options(FOR_JOBS, p.skill || "")}</select></td>
    <td>${p.serial_tracked ? "yes" : "no"}</td>
    <td class="actions"><button type="button" class="primary" data-save disabled>Save</button> ${retire} <span class="status"></span></td></tr>
    <tr class="row-error"><td colspan="6"><p class="error" role="alert"></p></td></tr></tbody>`;
}

/** Rows with edits not saved yet: {part id: {field: value}}, to put back after a reload. */
function unsaved() {
  const edits = {};
  document.querySelectorAll("#part-table tbody[data-part]").forEach((row) => {
    if (row.querySelector("[data-save]").disabled) return;
    edits[row.dataset.part] = Object.fromEntries([...row.querySelectorAll("[name]")].map((f) => [f.name, f.value]));
  });
  return edits;
}

async function loadParts() {
  const edits = unsaved();
  const parts = await api("/api/v1/parts?include_retired=true");
  parts.forEach((p) => partCodes.set(String(p.id), p.code));
  const retired = parts.filter((p) => !p.active).length;
  document.getElementById("part-count").textContent = `${plural(parts.length - retired, "part")} listed${retired ? `, ${retired} retired` : ""}`;
  const table = document.getElementById("part-table");
  table.querySelectorAll("tbody").forEach((b) => b.remove());
  const ordered = [...parts].sort((a, b) => b.active - a.active || a.code.localeCompare(b.code));
  table.insertAdjacentHTML("beforeend", ordered.map(partRow).join("") || `<tbody><tr><td colspan="6" class="muted">No parts yet.</td></tr></tbody>`);
  table.querySelectorAll("tbody[data-part]").forEach((row) => {
    const save = row.querySelector("[data-save]");
    row.oninput = (e) => { unmark(row, e.target); save.disabled = false; row.querySelector(".status").textContent = ""; };
    save.onclick = () => savePart(row);
    row.querySelector("[data-active]").onclick = (e) => setActive(row, e.target.dataset.active === "true");
    const kept = edits[row.dataset.part];
    if (!kept) return;
    Object.entries(kept).forEach(([name, value]) => { row.querySelector(`[name=${name}]`).value = value; });
    save.disabled = false; // still to save
  });
}

async function savePart(row) {
  const field = (name) => row.querySelector(`[name=${name}]`);
  const body = { name: field("name").value.trim(), unit_price: typed(field("unit_price").value), skill: field("skill").value || null };
  const saved = await attempt(row, LABELS, () => api(`/api/v1/parts/${row.dataset.part}`, { method: "PATCH", body }));
  if (!saved) return;
  field("name").value = saved.name; // as stored
  field("name").title = saved.name;
  field("unit_price").value = saved.unit_price;
  row.querySelector("[data-save]").disabled = true;
  flash(row.querySelector(".status"), "Saved.");
  recorded();
}

async function setActive(row, active) {
  const code = row.querySelector("td").firstChild.textContent;
  if (!active && !confirm(`Retire ${code}? Technicians no longer see it in their list; the uses already recorded keep it.`)) return;
  if (!(await attempt(row, LABELS, () => api(`/api/v1/parts/${row.dataset.part}`, { method: "PATCH", body: { active } })))) return;
  await loadParts();
  recorded();
  flash(document.getElementById("parts-flash"), `${code} ${active ? "restored to" : "retired from"} the list.`);
}

async function addPart(event) {
  event.preventDefault();
  const form = event.target;
  const body = {
    code: form.code.value.trim().toUpperCase(), name: form.name.value.trim(), unit_price: typed(form.unit_price.value),
    skill: form.skill.value || null, serial_tracked: form.serial_tracked.checked,
  };
  if (!(await attempt(form, LABELS, () => api("/api/v1/parts", { method: "POST", body })))) return;
  form.reset();
  await loadParts();
  recorded();
  flash(document.getElementById("part-added"), `${body.code} added: technicians see it at their next sync.`);
}

// A new work order, taken in the console: the kind and what it needs (a pipe's diameter, a
// gas reading, a vehicle's plate), the customer found on the server or entered new, and the
// site chosen from theirs or placed by a click on the map. Refusals are shown at the field.
import { api } from "/static/shared/api.js";
import { customerPicker } from "/static/shared/customers.js";
import { KINDS, PRIORITIES, escapeHtml as esc, fromWallClock } from "/static/shared/format.js";
import { attempt, busy, labelled, options, showError, typed, unmark } from "/static/shared/forms.js";
import { pickPlace } from "./map.js";

const LEL_PLACES = { "": "—", building: "inside a building", outside_wall: "at an outside wall", confined_space: "in a confined space", open_air: "in the open air" };
const GRADES = [["", "from the reading"], [1, "1 — hazard now"], [2, "2 — probable hazard"], [3, "3 — not hazardous"]];
const PRESSURE = { "": "—", low: "low", medium: "medium", high: "high" };
const PRIORITY = [["", "the kind's default"], ...Object.entries(PRIORITIES)];
const APPOINTMENT = [["appointment_start", "Appointment from", "datetime-local"], ["appointment_end", "Appointment until", "datetime-local"]];

/** Each kind's own fields: [API name, label, input type or choices, required]. */
const KIND_FIELDS = {
  water_leak: [["pipe_diameter_mm", "Pipe diameter (mm)", "number", true], ["leak_location", "Leak location", "text"]],
  gas_leak: [["leak_grade", "Leak grade", GRADES], ["lel_percent", "Gas reading (% LEL)", "decimal"], ["lel_measured_at", "Reading taken", LEL_PLACES], ["pressure_class", "Pressure", PRESSURE]],
  gps_install: [["vehicle_plate", "Vehicle plate", "text", true], ["driver", "Driver", "text"], ["terminal_model", "Terminal model", "text"], ...APPOINTMENT],
  gps_repair: [["vehicle_plate", "Vehicle plate", "text", true], ["fault_symptom", "Fault", "text"], ["product_model", "Product model", "text"], ["purchase_date", "Purchase date", "date"], ...APPOINTMENT],
};
const LABEL = labelled({
  kind: "Kind", customer_id: "Customer", "customer.name": "Customer's name", "customer.phone": "Customer's phone",
  "customer.grade": "Customer grade", site_id: "Site", site: "Site", "site.address": "Address", "site.lat": "Latitude",
  "site.lon": "Longitude", description: "What is wrong", priority: "Priority",
  ...Object.fromEntries(Object.values(KIND_FIELDS).flat().map(([name, label]) => [name, label])),
});

let panel = null;
let customer = null; // the customer field's picker
let taken = async () => {};

function formHtml() {
  return `<div class="review-head"><h2>New order</h2><p class="muted">It joins the pool for the next plan (GPS orders wait for approval).</p></div>
    <form class="stack intake" id="new-order-form" novalidate>
      <label>Kind <select name="kind">${options(KINDS, "water_leak")}</select></label>
      <label>Customer <input name="customer" data-field="customer_id" list="intake-customers" autocomplete="off" placeholder="Type a name or phone number"></label>
      <datalist id="intake-customers"></datalist>
      <label class="check"><input type="checkbox" name="new_customer"> A new customer</label>
      <fieldset class="new-customer" data-field="customer" hidden><legend>New customer</legend>
        <label>Name * <input name="customer_name" aria-required="true" data-field="customer.name" autocomplete="off"></label>
        <label>Phone <input name="customer_phone" data-field="customer.phone" inputmode="tel" autocomplete="off"></label>
        <label>Grade <select name="customer_grade" data-field="customer.grade">${options({ A: "A — key account", B: "B", C: "C" }, "C")}</select></label>
      </fieldset>
      <label>Site <select name="site_id" data-field="site_id"></select></label>
      <fieldset class="new-site" data-field="site" hidden><legend>New site</legend>
        <label>Address * <input name="address" aria-required="true" data-field="site.address" autocomplete="off"></label>
        <p class="place muted">Click the map where the work is, or enter its coordinates.</p>
        <div class="grid2"><label>Latitude * <input name="lat" aria-required="true" data-field="site.lat" inputmode="decimal" autocomplete="off"></label>
          <label>Longitude * <input name="lon" aria-required="true" data-field="site.lon" inputmode="decimal" autocomplete="off"></label></div>
      </fieldset>
      <div class="kind-fields"></div>
      <label>What is wrong <textarea name="description" rows="2"></textarea></label>
      <label>Priority <select name="priority">${options(PRIORITY, "")}</select></label>
    </form>
    <p class="error" role="alert"></p>
    <div class="review-actions"><button type="button" data-cancel>Cancel</button><button type="submit" form="new-order-form" class="primary" data-take>Take order</button></div>`;
}

function fieldHtml([name, label, kind, required]) {
  const mark = required ? ` *` : "";
  const need = required ? ` aria-required="true"` : "";
  if (typeof kind === "object") return `<label>${label}${mark} <select name="${name}"${need}>${options(kind, "")}</select></label>`;
  const input = { number: ` type="number" min="1"`, decimal: ` inputmode="decimal"`, date: ` type="date"`, "datetime-local": ` type="datetime-local"`, text: "" }[kind];
  return `<label>${label}${mark} <input name="${name}"${input}${need} autocomplete="off"></label>`;
}

function showKindFields(form) {
  form.querySelector(".kind-fields").innerHTML = KIND_FIELDS[form.kind.value].map(fieldHtml).join("");
}

/** The chosen customer's sites, and "a new address"; none chosen: a new customer's one site. */
function showSites(form, chosen) {
  const sites = chosen?.sites || [];
  form.site_id.innerHTML = sites.map((s) => `<option value="${s.id}">${esc(s.address)}</option>`).join("") + `<option value="">A new address…</option>`;
  siteChanged(form);
}

function siteChanged(form) {
  const site = customer.chosen()?.sites.find((s) => String(s.id) === form.site_id.value);
  form.querySelector(".new-site").hidden = Boolean(site);
  pickPlace(site ? null : (at) => placed(form, at), site ? { lat: site.lat, lon: site.lon } : typedPlace(form));
}

/** The new site's place as typed (or clicked), or null until both numbers are there. */
function typedPlace(form) {
  const [lat, lon] = [form.lat.value, form.lon.value].map((v) => (v.trim() === "" ? NaN : Number(v)));
  return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
}

function placed(form, at) {
  form.lat.value = at.lat.toFixed(6);
  form.lon.value = at.lon.toFixed(6);
  form.querySelector(".place").textContent = "Placed on the map; click again to move it.";
  unmark(panel, form.lat);
  unmark(panel, form.lon);
}

function newCustomerToggled(form) {
  const fresh = form.new_customer.checked;
  form.querySelector(".new-customer").hidden = !fresh;
  form.customer.disabled = fresh;
  showSites(form, fresh ? null : customer.chosen());
}

/** The kind's fields as the API takes them: empty ones left out, times read on the operator's clock. */
function kindValues(form) {
  const values = {};
  for (const [name, , kind] of KIND_FIELDS[form.kind.value]) {
    const value = typed(form[name].value);
    if (value != null) values[name] = kind === "datetime-local" ? fromWallClock(value) : value;
  }
  return values;
}

/** What the form can tell is missing before asking the server, every field at once. */
function missing(form) {
  const problems = {};
  const need = (ok, path, text) => { if (!ok) problems[path] = [text]; };
  const kindName = KINDS[form.kind.value].toLowerCase();
  for (const [name, , , required] of KIND_FIELDS[form.kind.value]) {
    if (required) need(form[name].value.trim(), name, `Required for a ${kindName}.`);
  }
  if (form.new_customer.checked) need(form.customer_name.value.trim(), "customer.name", "Required for a new customer.");
  if (!form.site_id.value) {
    need(form.address.value.trim(), "site.address", "Required for a new site.");
    need(form.lat.value.trim() || form.lon.value.trim(), "site.lat", "Click the map where the work is, or enter its coordinates.");
  }
  return problems;
}

/** The customer the order is for: {customer_id} or {customer}, or a problem for the field. */
async function whose(form) {
  if (form.new_customer.checked) {
    return { customer: { name: form.customer_name.value.trim(), phone: form.customer_phone.value.trim(), grade: form.customer_grade.value } };
  }
  const { customer: chosen, problem } = await customer.resolve("Choose the customer, or tick “A new customer”.");
  if (problem) return { problem: { customer_id: [problem] } };
  if (!customer.chosen()) { // typed, not picked: show their sites before an address is added
    customer.set(chosen);
    return { problem: { site_id: [`Check the site: ${chosen.name}'s sites are listed now.`] } };
  }
  return { customer_id: chosen.id };
}

/** The order as the API takes it, or the problems the form can name before asking. */
async function orderBody(form) {
  const { problem, ...owner } = await whose(form);
  const problems = { ...problem, ...missing(form) };
  if (Object.keys(problems).length) return { problem: problems };
  const body = { kind: form.kind.value, description: form.description.value.trim(), ...kindValues(form), ...owner };
  if (form.priority.value) body.priority = Number(form.priority.value);
  if (form.site_id.value) body.site_id = Number(form.site_id.value);
  else body.site = { address: form.address.value.trim(), lat: typed(form.lat.value), lon: typed(form.lon.value) };
  return { body };
}

async function take(form) {
  const checked = await attempt(panel, LABEL, () => orderBody(form));
  if (!checked) return;
  if (checked.problem) return showError(panel, { message: "", details: checked.problem }, LABEL);
  const order = await attempt(panel, LABEL, () => api("/api/v1/orders", { method: "POST", body: checked.body }));
  if (!order) return;
  close();
  await taken(order);
}

/** Open the panel with an empty form. */
export function openIntake() {
  panel.innerHTML = formHtml();
  panel.hidden = false;
  const form = panel.querySelector("form");
  customer = customerPicker(form.customer, (chosen) => { if (!form.new_customer.checked) showSites(form, chosen); });
  showKindFields(form);
  showSites(form, null);
  form.kind.onchange = () => showKindFields(form);
  form.new_customer.onchange = () => newCustomerToggled(form);
  form.site_id.onchange = () => siteChanged(form);
  const movePin = () => { const at = typedPlace(form); if (at) pickPlace((clicked) => placed(form, clicked), at); };
  form.lat.addEventListener("change", movePin);
  form.lon.addEventListener("change", movePin);
  form.addEventListener("input", (event) => unmark(panel, event.target));
  const button = panel.querySelector("[data-take]");
  form.onsubmit = (event) => { event.preventDefault(); busy(button, () => take(form)); }; // Enter in a field, or Take order
  panel.querySelector("[data-cancel]").onclick = close;
  panel.onkeydown = (event) => { if (event.key === "Escape") close(); };
  form.kind.focus();
}

function close() {
  panel.hidden = true;
  panel.innerHTML = "";
  pickPlace(null);
  document.getElementById("new-order-open").focus();
}

/**
 * Wire the panel (an aside section).
 * @param {HTMLElement} element
 * @param {(order: object) => Promise<void>} done  runs after an order is taken
 */
export function initIntake(element, done) {
  panel = element;
  taken = done;
}

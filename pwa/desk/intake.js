// The service desk's new-complaint form. The customer and the linked order are found on the
// server as the agent types (a name, phone digits or an order number), so the page stays
// light however many customers and orders there are.
import { api } from "/static/shared/api.js";
import { SHOWN, customerPicker, latestOnly, paused } from "/static/shared/customers.js";
import { KINDS, escapeHtml as esc } from "/static/shared/format.js";
import { attempt, busy, labelled, showError, unmark } from "/static/shared/forms.js";

const LABEL = labelled({
  channel: "Channel", customer_id: "Customer", order_id: "Linked order", summary: "What happened",
  households_affected: "Households affected", compensation: "Compensation asked",
  media_or_litigation: "Media exposure or litigation",
});

export const intakeHtml = `
  <form class="stack" id="intake">
    <label>Customer <input name="customer" data-field="customer_id" list="customer-list" required autocomplete="off" placeholder="Type a name or phone number"></label>
    <datalist id="customer-list"></datalist>
    <div class="grid2 who">
      <label>Channel <select name="channel"><option>phone</option><option>letter</option><option>visit</option><option>web</option></select></label>
      <label>Linked order (optional) <input name="order_number" data-field="order_id" list="order-list" autocomplete="off" placeholder="WO-… or the customer"></label>
    </div>
    <datalist id="order-list"></datalist>
    <p class="muted hint" id="order-hint"></p>
    <label>What happened <textarea name="summary" rows="3" required></textarea></label>
    <div class="grid2">
      <label>Households affected <input name="households_affected" type="number" min="0" value="1"></label>
      <label>Compensation asked (CNY) <input name="compensation" inputmode="decimal" value="0"></label>
    </div>
    <label style="flex-direction:row;gap:8px;align-items:center"><input type="checkbox" name="media_or_litigation"> Media exposure or litigation</label>
    <p class="error" role="alert"></p>
    <button class="primary" type="submit">Take complaint</button>
  </form>`;

const orders = new Map(); // number -> order, every order suggested so far
const askOrders = latestOnly((filter) => api(`/api/v1/orders?${filter}&sort=newest&per_page=${SHOWN}`));
let customer = null; // the field's picker

/** Orders matching what is typed; with nothing typed, the chosen customer's latest. */
async function suggestOrders(form) {
  const text = form.order_number.value.trim();
  if (orders.has(text)) return;
  const chosen = customer.chosen();
  if (!text && !chosen) return;
  const answer = await askOrders(text ? `q=${encodeURIComponent(text)}` : `customer_id=${chosen.id}`);
  if (!answer) return;
  answer.items.forEach((o) => orders.set(o.number, o));
  form.querySelector("#order-list").innerHTML = answer.items.map((o) =>
    `<option value="${esc(o.number)}">${esc(o.customer.name)} · ${esc(KINDS[o.kind] || o.kind)}</option>`).join("");
}

/** A chosen order fills in its customer and says what it is. */
async function customerFromOrder(form) {
  const order = orders.get(form.order_number.value.trim());
  const hint = form.querySelector("#order-hint");
  hint.textContent = order ? `${KINDS[order.kind] || order.kind} for ${order.customer.name}, ${order.status.replaceAll("_", " ")}.` : "";
  if (!order || customer.chosen()?.id === order.customer.id) return;
  const owner = await api(`/api/v1/customers/${order.customer.id}`).catch(() => null);
  if (!owner) return; // offline: the agent chooses the customer themself
  customer.set(owner);
  unmark(form, form.customer);
}

/** The linked order the field names, if any: one the server knows by its whole number. */
async function linkedOrder(number, owner) {
  if (!number) return {};
  const { items } = await api(`/api/v1/orders?q=${encodeURIComponent(number)}&per_page=${SHOWN}`);
  const order = items.find((o) => o.number.toLowerCase() === number.toLowerCase());
  if (!order) return { problem: `No order ${number}; choose one from the list or leave it empty.` };
  if (owner && order.customer.id !== owner.id) return { problem: `${order.number} is ${order.customer.name}'s order, not this customer's.` };
  return { order };
}

/** The complaint as the API takes it, or the problems the form can name before asking. */
async function complaintBody(form) {
  const { customer: owner, problem: noCustomer } = await customer.resolve("Choose the customer who complains.");
  const { order, problem: noOrder } = await linkedOrder(form.order_number.value.trim(), owner);
  const details = { ...(noCustomer && { customer_id: [noCustomer] }), ...(noOrder && { order_id: [noOrder] }) };
  if (Object.keys(details).length) return { problems: { message: "", details } };
  return {
    body: {
      channel: form.channel.value, customer_id: owner.id, summary: form.summary.value,
      households_affected: Number(form.households_affected.value), compensation: form.compensation.value.trim() || "0",
      media_or_litigation: form.media_or_litigation.checked, order_id: order?.id ?? null,
    },
  };
}

async function submit(form, taken) {
  const checked = await attempt(form, LABEL, () => complaintBody(form));
  if (!checked) return;
  if (checked.problems) return showError(form, checked.problems, LABEL);
  const complaint = await attempt(form, LABEL, () => api("/api/v1/desk/complaints", { method: "POST", body: checked.body }));
  if (!complaint) return;
  form.reset();
  form.querySelector("#order-hint").textContent = "";
  await taken(complaint);
}

/** Wire the form; `taken(complaint)` runs after each complaint is recorded. */
export function initIntake(taken) {
  const form = document.getElementById("intake");
  customer = customerPicker(form.customer, (chosen) => chosen && suggestOrders(form));
  const button = form.querySelector("button[type=submit]");
  form.onsubmit = (event) => { event.preventDefault(); busy(button, () => submit(form, taken)); };
  form.order_number.addEventListener("input", paused(() => suggestOrders(form)));
  form.order_number.addEventListener("input", () => customerFromOrder(form));
  form.order_number.addEventListener("focus", () => suggestOrders(form));
  form.addEventListener("input", (event) => unmark(form, event.target));
}

// The dispatcher's manual changes, through the API; every success refreshes the board.
import { ApiError, api } from "/static/shared/api.js";
import { errorText } from "./format.js";
import { state } from "./state.js";

let refresh = async () => {};
let notify = () => {};

/** `reload()` fetches the board again; `toast(text, kind)` tells the dispatcher what happened. */
export function initActions(reload, toast) {
  refresh = reload;
  notify = toast;
}

async function call(orderId, url, body, done) {
  const row = state.orders.get(orderId);
  if (!row) return { ok: false, error: "The order is no longer on the board." };
  try {
    const order = await api(url, { method: "POST", body: { version: row.order.version, ...body } });
    notify(done(order), "ok");
    await refresh();
    return { ok: true, order };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const text = errorText(error);
    notify(text, "error");
    if (error.code === "version_conflict") await refresh();
    return { ok: false, error: text, code: error.code };
  }
}

function dispatchUrl(orderId, verb) {
  return `/api/v1/dispatch/orders/${orderId}/${verb}`;
}

function techName(id) {
  return state.techs.get(id)?.technician.name || `technician ${id}`;
}

/** Assign or move an order to a technician, at a position in their sequence of the day shown (end if null). */
export function assign(orderId, technicianId, position = null) {
  const body = { technician_id: technicianId, date: state.board.date };
  if (position !== null && position !== undefined) body.position = position;
  return call(orderId, dispatchUrl(orderId, "assign"), body, (o) => `${o.number} → ${techName(technicianId)}${position != null ? `, stop ${position + 1}` : ""}`);
}

export function unassign(orderId) {
  return call(orderId, dispatchUrl(orderId, "unassign"), {}, (o) => `${o.number} is unassigned`);
}

export function lock(orderId, locked) {
  return call(orderId, dispatchUrl(orderId, "lock"), { locked }, (o) => `${o.number} ${locked ? "locked" : "unlocked"}`);
}

/** Move an order along its life cycle (approve, back to the pool, cancel); `done(order)` says what happened. */
export function transition(orderId, to, notes, done) {
  return call(orderId, `/api/v1/orders/${orderId}/transitions`, { to, notes }, done);
}

/**
 * Put a technician on the plan, or mark them away (their unstarted work returns to the pool).
 * Resolves with what happened, as told to the dispatcher: {ok, text}.
 */
export async function setOnPlan(techId, active) {
  const name = techName(techId);
  try {
    await api(`/api/v1/technicians/${techId}`, { method: "PATCH", body: { active } });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    notify(errorText(error), "error");
    return { ok: false, text: errorText(error) };
  }
  const text = active ? `${name} is back on the plan; Optimise to give them work.` : `${name} is away; their work not yet started is back in the pool: Optimise to plan it.`;
  notify(text, "ok");
  await refresh();
  return { ok: true, text };
}

// Orders that wait for the dispatcher: new ones to approve, held ones to send back to the
// pool, and cancelling an order that has not been started.
import { transition } from "./actions.js";
import { escapeHtml } from "./format.js";
import { awaitingDecision, state, visible } from "./state.js";

/** What the dispatcher can decide per status: the move and how it reads. */
const DECISIONS = {
  new: { act: "approve", label: "Approve", to: "ready", done: (o) => `${o.number} approved: it is in the pool` },
  on_hold: { act: "release", label: "Back to the pool", to: "ready", done: (o) => `${o.number} is back in the pool` },
};
const CANCELLABLE = new Set(["new", "ready", "on_hold"]);

/** The line under an order waiting for a decision: why it waits. */
export function waitingNote(row) {
  const o = row.order;
  if (o.status === "new") return `<div class="reason">Awaiting approval</div>`;
  const tech = o.technician_id ? state.techs.get(o.technician_id)?.technician.name : null;
  const by = tech ? ` (${escapeHtml(tech)})` : "";
  return `<div class="reason">On hold${by}: ${escapeHtml(row.hold_reason || "no reason given")}</div>`;
}

/** Redraw the list of orders awaiting a decision; `itemHtml(row, note)` draws one. */
export function renderPending(itemHtml) {
  const rows = awaitingDecision().filter(visible);
  const section = document.querySelector("#pending");
  section.hidden = rows.length === 0;
  section.querySelector("#pending-count").textContent = String(rows.length);
  section.querySelector("#pending-list").innerHTML = rows.map((row) => itemHtml(row, waitingNote(row))).join("");
}

/** The decision buttons of an order's card, and the cancel form (a reason is required). */
export function decisionHtml(o) {
  const decision = DECISIONS[o.status];
  const parts = decision ? [`<button class="primary" data-act="${decision.act}">${decision.label}</button>`] : [];
  if (CANCELLABLE.has(o.status)) {
    parts.push(`<button data-act="cancel-open">Cancel order…</button>
      <span class="cancel-form" hidden><input name="cancel-reason" maxlength="500" placeholder="Why it is cancelled" aria-label="Why it is cancelled">
      <button class="danger" data-act="cancel">Cancel the order</button></span>`);
  }
  return parts.length ? `<div class="decide">${parts.join("")}</div>` : "";
}

/** Handle the decision button `act` of the card `detail`: {ok, error?} as the other actions. */
export async function decide(act, order, detail) {
  const decision = Object.values(DECISIONS).find((d) => d.act === act);
  if (decision) return transition(order.id, decision.to, "", decision.done);
  if (act === "cancel-open") return openCancel(detail);
  if (act !== "cancel") throw new Error(`Unknown action ${act}`);
  const reason = detail.querySelector("input[name=cancel-reason]").value.trim();
  if (!reason) return { ok: false, error: "Give the reason for cancelling the order." };
  return transition(order.id, "cancelled", reason, (o) => `${o.number} cancelled`);
}

function openCancel(detail) {
  const form = detail.querySelector(".cancel-form");
  form.hidden = false;
  detail.querySelector("[data-act=cancel-open]").hidden = true;
  form.querySelector("input").focus();
  return { ok: true };
}

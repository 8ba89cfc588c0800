// The optimistic change each mutation makes to the local view of an order.

const STATUS_OF = {
  "order.en_route": "en_route",
  "order.arrived": "on_site",
  "order.hold": "on_hold",
  "order.complete": "completed",
};
const RANK = { assigned: 0, en_route: 1, on_site: 2, on_hold: 3, completed: 4, closed: 5 };

function moveForward(order, status) {
  if (order.status === "cancelled") return;
  if ((RANK[order.status] ?? -1) < RANK[status]) order.status = status;
}

function fact(mutation) {
  return { uuid: mutation.payload.uuid || mutation.id, device_at: mutation.at, pending: true };
}

const FACTS = {
  "part.use": (o, m) => o.parts.push({ ...fact(m), part_code: m.payload.part_code, part_name: m.payload.part_name || m.payload.part_code, quantity: m.payload.quantity, serial: m.payload.serial }),
  "terminal.swap": (o, m) => o.swaps.push({ ...fact(m), kind: "terminal", old: m.payload.old_serial, new: m.payload.new_serial }),
  "sim.swap": (o, m) => o.swaps.push({ ...fact(m), kind: "sim", old: m.payload.old_iccid, new: m.payload.new_iccid }),
  "fee.collect": (o, m) => o.fees.push({ ...fact(m), entry_type: "collection", amount: m.payload.amount, currency: m.payload.currency, method: m.payload.method, receipt_no: m.payload.receipt_no, invoice_requested: m.payload.invoice_requested }),
  "photo.attach": (o, m) => o.attachments.push({ ...fact(m), kind: "photo", blob_id: m.payload.blob_id, caption: m.payload.caption, preview: m.preview }),
  "signature.attach": (o, m) => o.attachments.push({ ...fact(m), kind: "signature", blob_id: m.payload.blob_id, caption: m.payload.caption, preview: m.preview }),
  "note.add": (o, m) => o.notes.push({ ...fact(m), text: m.payload.text, revision: null, conflict: false }),
};

/**
 * Apply one mutation to a copy of the order as the technician expects to see it.
 * @param {object} order  the order state (server state plus earlier pending mutations)
 * @param {object} mutation
 * @returns {object} the new state
 */
export function applyMutation(order, mutation) {
  const next = structuredClone(order);
  for (const key of ["parts", "swaps", "fees", "attachments", "notes", "events"]) next[key] ||= [];
  if (STATUS_OF[mutation.type]) {
    moveForward(next, STATUS_OF[mutation.type]);
    next.events.push({ type: "transition", to: STATUS_OF[mutation.type], device_at: mutation.at, pending: true,
      notes: mutation.payload.notes || mutation.payload.reason || "" });
  } else {
    FACTS[mutation.type](next, mutation);
  }
  return next;
}

/** The view of an order: its server state with the still-pending mutations on top. */
export function rebuild(server, mutations) {
  return mutations.filter((m) => m.order_id === server.id).reduce(applyMutation, server);
}

/** The next status actions for an order's current status. */
export function statusActions(status) {
  return {
    assigned: ["order.en_route", "order.arrived"],
    en_route: ["order.arrived", "order.hold"],
    on_site: ["order.complete", "order.hold"],
  }[status] || [];
}

/** True when the ICCID has 19–20 digits and a valid Luhn check digit (mirrors the server). */
export function iccidOk(value) {
  if (!/^\d{19,20}$/.test(value)) return false;
  let total = 0;
  [...value].reverse().forEach((char, index) => {
    let digit = Number(char);
    if (index % 2 === 1) digit = digit > 4 ? digit * 2 - 9 : digit * 2;
    total += digit;
  });
  return total % 10 === 0;
}

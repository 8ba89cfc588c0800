// The console's state: the last board, indexes over it, filters and the selection.

export const state = {
  config: { tile_url: "" },
  board: null,
  day: null, // the day shown (YYYY-MM-DD); the board may still be the previous day's
  orders: new Map(), // id → board order {order, urgency, unassigned_reason}
  techs: new Map(), // id → board technician {technician, position, sequence}
  clockOffset: 0, // server now − browser now, in ms
  filters: { kind: "", statuses: new Set(["new", "ready", "assigned", "en_route", "on_site", "on_hold"]) },
  selected: null, // order id
  review: null, // a finished plan under review
};

const listeners = new Set();

/** Call `fn` after every change of the board, filters, selection or review. */
export function subscribe(fn) {
  listeners.add(fn);
}

export function changed(what) {
  for (const fn of listeners) fn(what);
}

export function setBoard(board) {
  state.board = board;
  state.orders = new Map(board.orders.map((row) => [row.order.id, row]));
  state.techs = new Map(board.technicians.map((row) => [row.technician.id, row]));
  state.clockOffset = Date.parse(board.now) - Date.now();
  if (state.selected && !state.orders.has(state.selected)) state.selected = null;
  changed("board");
}

export function select(orderId) {
  state.selected = orderId;
  changed("selection");
}

/** The server's idea of now, in ms. */
export function now() {
  return Date.now() + state.clockOffset;
}

/** The deadline that counts: the response deadline until someone is on the way, else the due time. */
export function deadlineOf(order) {
  if (order.respond_by && (order.status === "ready" || order.status === "assigned")) {
    return { at: order.respond_by, what: "respond" };
  }
  return order.due_at ? { at: order.due_at, what: "due" } : null;
}

export function visible(row) {
  const { kind, statuses } = state.filters;
  return (!kind || row.order.kind === kind) && statuses.has(row.order.status);
}

const RANK = { overdue: 0, due_2h: 1, today: 2, later: 3 };

/** Board orders that pass `keep`, most urgent first. */
function byUrgency(keep) {
  return [...state.orders.values()]
    .filter(keep)
    .sort((a, b) => RANK[a.urgency] - RANK[b.urgency] || (deadlineOf(a.order)?.at || "z").localeCompare(deadlineOf(b.order)?.at || "z"));
}

/** Ready orders not on anyone's day, most urgent first. */
export function unassigned() {
  return byUrgency((row) => row.order.status === "ready" && !row.order.technician_id);
}

/** Orders waiting for the dispatcher's decision: new ones to approve, held ones, most urgent first. */
export function awaitingDecision() {
  return byUrgency((row) => row.order.status === "new" || row.order.status === "on_hold");
}

/** A technician's current sequence as board orders. */
export function sequenceOf(techId) {
  const row = state.techs.get(techId);
  return row ? row.sequence.map((id) => state.orders.get(id)).filter(Boolean) : [];
}

/** The orders a technician finished today (context on the timeline). */
export function doneBy(techId) {
  return [...state.orders.values()].filter((row) => row.order.technician_id === techId && row.order.status === "completed");
}

const UNDER_WAY = new Set(["en_route", "on_site"]);

/** Technicians the board shows: those on the plan, and those away with work under way (it stays theirs). */
export function boardTechs() {
  return [...state.techs.values()].filter((row) => row.technician.active || sequenceOf(row.technician.id).some((r) => UNDER_WAY.has(r.order.status)));
}

/** Technicians the dispatcher can give work to: those on the plan. */
export function activeTechs() {
  return [...state.techs.values()].filter((row) => row.technician.active);
}

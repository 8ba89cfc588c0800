// The outbox and the sync engine: record actions locally, push them in seq order, pull changes.
import { api, token } from "/static/shared/api.js";
import { database, getMeta, pending, setMeta } from "./db.js";
import { applyMutation, rebuild } from "./model.js";
import { setTimeZone } from "./ui.js";

const BATCH = 50;
const REGULAR_MS = 60_000;
const MAX_BACKOFF_MS = 60_000;

/** Fires "change" whenever local data or the sync state changes. */
export const events = new EventTarget();
const changed = () => events.dispatchEvent(new Event("change"));

/** This installation's stable id. */
export function deviceId() {
  let id = localStorage.getItem("fieldops.device");
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem("fieldops.device", id);
  }
  return id;
}

/**
 * Record what the technician did: the mutation and its optimistic change to the order go into
 * IndexedDB in ONE transaction. A second call with the same id (double tap) records nothing.
 * @param {string} type  e.g. "fee.collect"
 * @param {number} orderId
 * @param {object} payload
 * @param {{id?: string, blob?: object, preview?: string}} [options]
 * @returns {Promise<object|null>} the mutation, or null when it was already recorded
 */
export async function record(type, orderId, payload, { id = crypto.randomUUID(), blob = null, preview = null } = {}) {
  const db = await database();
  const tx = db.transaction(["outbox", "orders", "meta", "blobs"], "readwrite");
  if (await tx.objectStore("outbox").get(id)) {
    await tx.done;
    return null;
  }
  const seq = ((await tx.objectStore("meta").get("seq")) || 0) + 1;
  const order = await tx.objectStore("orders").get(orderId);
  const mutation = {
    id, device_id: deviceId(), seq, type, order_id: orderId,
    base_version: order ? order.server.version : null, at: new Date().toISOString(), payload,
  };
  if (preview) mutation.preview = preview;
  await tx.objectStore("meta").put(seq, "seq");
  await tx.objectStore("outbox").add(mutation);
  if (blob) await tx.objectStore("blobs").put(blob);
  if (order) {
    order.view = applyMutation(order.view, mutation);
    await tx.objectStore("orders").put(order);
  }
  await tx.done;
  changed();
  schedule(0);
  return mutation;
}

let running = null;
let timer = null;
let backoff = 0;
let lastError = "";

/** Push the outbox and pull changes now (one flush at a time). */
export function flush() {
  running ||= run().finally(() => {
    running = null;
    changed();
  });
  return running;
}

/** Flush after `ms` milliseconds (replaces an earlier timer). */
export function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(flush, ms);
}

async function run() {
  if (!token()) return;
  try {
    await uploadBlobs();
    const retry = await pushAll();
    await pull();
    await setMeta("lastSync", new Date().toISOString());
    lastError = "";
    backoff = 0;
    schedule(retry ? 5_000 : REGULAR_MS);
  } catch (error) {
    lastError = navigator.onLine ? error.message || "Sync failed" : "Offline";
    backoff = Math.min(backoff ? backoff * 2 : 2_000, MAX_BACKOFF_MS);
    schedule(backoff);
  }
}

async function uploadBlobs() {
  const db = await database();
  for (const blob of await db.getAll("blobs")) {
    const response = await fetch(`/api/v1/blobs/${blob.uuid}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token()}`, "Content-Type": blob.type, "X-Content-SHA256": blob.sha256 },
      body: blob.data,
    });
    if (response.ok) await db.delete("blobs", blob.uuid);
    else if (response.status >= 500) throw new Error(`Upload failed (${response.status})`);
  }
}

function wire(mutation) {
  const { preview, ...rest } = mutation;
  return rest;
}

async function pushAll() {
  let retry = false;
  const items = await pending();
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH);
    const { results } = await api("/api/v1/sync/push", {
      method: "POST",
      body: { device_id: deviceId(), mutations: batch.map(wire) },
    });
    retry = (await settle(batch, results)) || retry;
  }
  return retry;
}

function rejectedResult(result) {
  return result.status === "rejected" || (result.status === "duplicate" && result.original_status === "rejected");
}

/** Drop answered mutations from the outbox; keep rejected ones (with reason) for the user. */
async function settle(batch, results) {
  const byId = new Map(batch.map((m) => [m.id, m]));
  const db = await database();
  const tx = db.transaction(["outbox", "rejected", "orders"], "readwrite");
  const redo = new Set();
  let retry = false;
  for (const result of results) {
    const mutation = byId.get(result.id);
    if (!mutation) continue;
    if (result.status === "retry") {
      retry = true;
      continue;
    }
    await tx.objectStore("outbox").delete(mutation.id);
    if (rejectedResult(result)) {
      const order = await tx.objectStore("orders").get(mutation.order_id);
      await tx.objectStore("rejected").put({
        ...mutation, code: result.code, message: result.message,
        number: order ? order.server.number : `#${mutation.order_id}`, rejected_at: new Date().toISOString(),
      });
      redo.add(mutation.order_id);
    }
  }
  const answered = new Map(results.map((r) => [r.id, r]));
  const acked = batch.filter((m) => answered.has(m.id) && answered.get(m.id).status !== "retry" && !rejectedResult(answered.get(m.id)));
  const waiting = await tx.objectStore("outbox").getAll();
  for (const orderId of redo) {
    const order = await tx.objectStore("orders").get(orderId);
    if (!order) continue;
    // Applied but not pulled yet: keep them in the view until the pull brings the server's state.
    order.view = rebuild(order.server, [...acked, ...waiting].sort((a, b) => a.seq - b.seq));
    await tx.objectStore("orders").put(order);
  }
  await tx.done;
  return retry;
}

/** Pull every change since the stored cursor; rebuild views with pending mutations on top. */
export async function pull() {
  let cursor = await getMeta("cursor", 0);
  for (let page = 0; page < 100; page += 1) {
    const body = await api(`/api/v1/sync/pull?cursor=${cursor}`);
    await applyChanges(body);
    cursor = body.cursor;
    if (!body.more) break;
  }
}

async function applyChanges(body) {
  const db = await database();
  const tx = db.transaction(["orders", "outbox", "meta"], "readwrite");
  const orders = tx.objectStore("orders");
  const waiting = await tx.objectStore("outbox").index("by_seq").getAll();
  if (body.full) await orders.clear();
  for (const change of body.changes) {
    if (change.type === "order_removed") {
      await orders.delete(change.order_id);
    } else {
      await orders.put({ id: change.order_id, server: change.order, view: rebuild(change.order, waiting) });
    }
  }
  await tx.objectStore("meta").put(body.cursor, "cursor");
  if (body.timezone) await tx.objectStore("meta").put(body.timezone, "timezone");
  await tx.done;
  if (body.timezone) setTimeZone(body.timezone);
}

/** What the status bar shows. */
export async function status() {
  const db = await database();
  return {
    online: navigator.onLine,
    pending: await db.count("outbox"),
    rejected: await db.count("rejected"),
    lastSync: await getMeta("lastSync"),
    syncing: Boolean(running),
    error: lastError,
  };
}

/** Forget a rejected mutation after the technician has read it. */
export async function dismiss(id) {
  await (await database()).delete("rejected", id);
  changed();
}

/** The parts catalogue, refreshed when online and kept for offline use. */
export async function refreshParts() {
  const parts = await api("/api/v1/parts");
  const db = await database();
  const tx = db.transaction("parts", "readwrite");
  await tx.store.clear();
  for (const part of parts) await tx.store.put(part);
  await tx.done;
}

/** Start the triggers: start-up, `online`, the page becoming visible, and the timer. */
export function startTriggers() {
  window.addEventListener("online", () => flush());
  window.addEventListener("offline", changed);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flush();
  });
  flush();
}

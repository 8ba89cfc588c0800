// The phone's local database (IndexedDB through the vendored `idb` wrapper).
import { openDB } from "/static/vendor/idb/index.js";

let dbPromise;

/**
 * The database: orders ({id, server, view}), the outbox of mutations (by seq), rejected
 * mutations, the parts catalogue, photos waiting for upload, and small key/value metadata.
 * @returns {Promise<import("/static/vendor/idb/index.js").IDBPDatabase>}
 */
export function database() {
  dbPromise ||= openDB("fieldops-tech", 1, {
    upgrade(db) {
      db.createObjectStore("orders", { keyPath: "id" });
      db.createObjectStore("outbox", { keyPath: "id" }).createIndex("by_seq", "seq", { unique: true });
      db.createObjectStore("rejected", { keyPath: "id" });
      db.createObjectStore("parts", { keyPath: "id" });
      db.createObjectStore("blobs", { keyPath: "uuid" });
      db.createObjectStore("meta");
    },
  });
  return dbPromise;
}

/** Read one metadata value. */
export async function getMeta(key, fallback = null) {
  const value = await (await database()).get("meta", key);
  return value === undefined ? fallback : value;
}

/** Write one metadata value. */
export async function setMeta(key, value) {
  await (await database()).put("meta", value, key);
}

/** Pending mutations, oldest first. */
export async function pending() {
  return (await database()).getAllFromIndex("outbox", "by_seq");
}

/** Forget everything this user had on the phone (after logout). */
export async function wipe() {
  const db = await database();
  const tx = db.transaction(db.objectStoreNames, "readwrite");
  await Promise.all([...db.objectStoreNames].map((name) => tx.objectStore(name).clear()));
  await tx.done;
}

// The audit log, read-only: who changed what, newest first, in words.
import { api } from "/static/shared/api.js";
import { KINDS, dateTime, escapeHtml as esc } from "/static/shared/format.js";
import { attempt, labelled } from "/static/shared/forms.js";
import { KIND_LABELS, RULE_LABELS, UNITS, kindInText } from "./policy.js";
import { partCodes } from "./parts.js";
import { people } from "./users.js";

const STEP = 50;
const TYPES = {
  user: "Users", technician: "Technicians", deadline_rules: "Deadlines", kind_policy: "Order kinds",
  calendar_day: "Calendar", order: "Orders", complaint: "Complaints", fee_entry: "Fees",
  cash_handover: "Cash handovers", dispatch_plan: "Dispatch plans", part: "Parts",
};
/** The entries shown, newest first; whether older ones are left; order id -> number, as looked up. */
const log = { entries: [], more: false, orders: new Map(), queue: Promise.resolve() };

/** The Audit log tab. */
export function auditHtml() {
  const types = Object.entries(TYPES).map(([k, v]) => `<option value="${k}">${v}</option>`).join("");
  return `
    <section class="card wide" id="audit" data-tab="audit"><h2>Audit log <span class="muted">— who changed what, newest first</span></h2>
      <div class="toolbar"><label>Show <select id="audit-type"><option value="">everything</option>${types}</select></label>
        <span class="muted" id="audit-count"></span></div>
      <table id="audit-table"><thead><tr><th>Time</th><th>Who</th><th>What</th><th>Action</th><th>Changes</th></tr></thead><tbody></tbody></table>
      <p class="error" role="alert"></p>
      <button type="button" id="audit-more" hidden>Show ${STEP} more</button>
    </section>`;
}

/** Wire the tab and load it; it reloads whenever another tab records a change. */
export async function initAudit() {
  document.getElementById("audit-type").onchange = () => queued(() => { log.entries = []; return loadNewest(); });
  document.getElementById("audit-more").onclick = () => queued(loadOlder);
  document.addEventListener("admin:recorded", () => queued(loadNewest));
  await queued(loadNewest);
}

/** Run `load` after the loads asked for before it, so pages arrive in order. */
function queued(load) {
  log.queue = log.queue.then(load, load);
  return log.queue;
}

/** Fields of the log's other entries, by the names the consoles give them. */
const CHANGE_LABELS = { active: "Active", unit_price: "Unit price", name: "Name", code: "Code", number: "Number", status: "Status" };
const WORDS = { true: "yes", false: "no", True: "yes", False: "no", None: "—", null: "—", undefined: "—", "": "—" };
const INSTANT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:[\d.]+)?([+-]\d{2}:\d{2}|Z)$/;

/** A recorded value in words: yes/no, "—" for nothing, instants in the operator's zone. */
function shown(v) {
  if (String(v) in WORDS) return WORDS[String(v)];
  if (typeof v === "string" && v in KINDS) return KINDS[v];
  if (typeof v === "string" && INSTANT.test(v)) return dateTime(v.replace(" ", "T"));
  if (Array.isArray(v)) return v.map(shown).join(", ");
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

const due = (r) => (r.due_unit === "appointment" ? "at the appointment" : `${r.due_amount} ${UNITS[r.due_unit] || r.due_unit}`);
const dayText = (d) => `${d.working ? "make-up working day" : "holiday"}${d.name ? ` “${d.name}”` : ""}`;

/** A deadline table before and after: what changed, per size class. */
function rulesChanged({ before = [], after = [] }) {
  const old = new Map(before.map((r) => [r.size_class, r]));
  const lines = after.map((r) => {
    const was = old.get(r.size_class);
    old.delete(r.size_class);
    if (!was) return `added ${r.size_class}: ${due(r)}`;
    const diffs = Object.keys(RULE_LABELS).filter((f) => f in r && !["due_amount", "due_unit"].includes(f) && shown(was[f]) !== shown(r[f]));
    const parts = [...(due(was) === due(r) ? [] : [`${due(was)} → ${due(r)}`]), ...diffs.map((f) => `${RULE_LABELS[f]} ${shown(was[f])} → ${shown(r[f])}`)];
    return parts.length ? `${r.size_class}: ${parts.join(", ")}` : "";
  });
  return [...lines, ...[...old.keys()].map((size) => `removed ${size}`)].filter(Boolean).join("; ") || "no change";
}

function changes(entry) {
  const c = entry.changes || {};
  if (entry.entity_type === "deadline_rules") return rulesChanged(c);
  if (entry.entity_type === "calendar_day" && entry.action === "deleted") return `removed: ${dayText(c)}`;
  if (entry.entity_type === "calendar_day") return c.before?.working == null ? `added: ${dayText(c.after)}` : `${dayText(c.before)} → ${dayText(c.after)}`;
  const label = (k) => KIND_LABELS[k] || CHANGE_LABELS[k] || k.replaceAll("_", " ");
  const diff = (v) => entry.action !== "created" && Array.isArray(v) && v.length === 2; // [before, after]
  return Object.entries(c).map(([k, v]) => `${label(k)}: ${diff(v) ? `${shown(v[0])} → ${shown(v[1])}` : shown(v)}`).join("; ");
}

function who(actorId) {
  if (actorId == null) return `<span class="muted">system</span>`;
  return esc(people.users.find((u) => u.id === actorId)?.username || `user #${actorId}`);
}

function what(entry) {
  const id = entry.entity_id;
  switch (entry.entity_type) {
    case "user": return `User ${esc(people.users.find((u) => String(u.id) === id)?.username || `#${id}`)}`;
    case "technician": return `Technician ${esc([...people.techs.values()].find((t) => String(t.id) === id)?.name || `#${id}`)}`;
    case "deadline_rules": return `Deadlines of ${esc(kindInText(id))}`;
    case "kind_policy": return `Kind ${esc(kindInText(id))}`;
    case "calendar_day": return `Calendar ${esc(id)}`;
    case "order": return `Order <span class="nowrap">${esc(log.orders.get(id) || `#${id}`)}</span>`;
    case "part": return `Part ${esc(partCodes.get(id) || `#${id}`)}`;
    default: return esc(`${TYPES[entry.entity_type]?.replace(/s$/, "") || entry.entity_type.replaceAll("_", " ")} #${id}`);
  }
}

/**
 * The numbers of the orders a page of entries names (people know WO-…, not ids), in one
 * request; a page names at most STEP orders, well within the API's 500 a request.
 */
async function orderNumbers(entries) {
  const ids = [...new Set(entries.filter((e) => e.entity_type === "order").map((e) => e.entity_id))]
    .filter((id) => /^\d+$/.test(id) && !log.orders.has(id));
  if (!ids.length) return;
  const found = await api(`/api/v1/orders?ids=${ids.join(",")}&per_page=${ids.length}`).catch(() => ({ items: [] }));
  found.items.forEach((order) => log.orders.set(String(order.id), order.number));
}

/**
 * A page of STEP entries of the chosen type, older than entry `before` if given, its orders'
 * numbers looked up; undefined after showing an error. One more is asked for, to know if
 * older entries are left.
 */
async function fetchPage(before) {
  const type = document.getElementById("audit-type").value;
  const query = `limit=${STEP + 1}${type ? `&entity_type=${type}` : ""}${before ? `&before_id=${before}` : ""}`;
  const entries = await attempt(document.getElementById("audit"), labelled({}), () => api(`/api/v1/audit?${query}`));
  if (!entries) return undefined;
  await orderNumbers(entries.slice(0, STEP));
  return { entries: entries.slice(0, STEP), more: entries.length > STEP };
}

/** The newest entries above those shown; if more than a page came meanwhile, the newest page alone. */
async function loadNewest() {
  const page = await fetchPage();
  if (!page) return;
  const top = log.entries[0]?.id ?? Infinity;
  const joins = log.entries.length && page.entries.some((e) => e.id <= top);
  log.entries = joins ? [...page.entries.filter((e) => e.id > top), ...log.entries] : page.entries;
  if (!joins) log.more = page.more;
  render();
}

/** The next STEP entries below the oldest shown ("Show 50 more"). */
async function loadOlder() {
  const page = await fetchPage(log.entries.at(-1)?.id);
  if (!page) return;
  log.entries = [...log.entries, ...page.entries];
  log.more = page.more;
  render();
}

function render() {
  const type = document.getElementById("audit-type").value;
  const { entries, more } = log;
  const count = `${entries.length} ${entries.length === 1 ? "entry" : "entries"}`;
  document.getElementById("audit-count").textContent = more ? `the latest ${count}` : `${count} in all`;
  document.querySelector("#audit-table tbody").innerHTML = entries.map((e) => `
    <tr data-entry="${e.id}"><td class="nowrap">${dateTime(e.at)}</td><td>${who(e.actor_id)}</td><td>${what(e)}</td>
      <td>${esc(e.action.replaceAll("_", " "))}</td><td class="changes">${esc(changes(e))}</td></tr>`).join("")
    || `<tr><td colspan="5" class="muted">No changes recorded${type ? ` in ${TYPES[type].toLowerCase()}` : ""}.</td></tr>`;
  document.getElementById("audit-more").hidden = !more;
}

// A customer field that finds customers on the server as the office types a name or phone
// digits, offering the matches in its datalist; used by the service desk's complaint form
// and the dispatcher's new-order form.
import { ApiError, api } from "/static/shared/api.js";
import { escapeHtml as esc, plural } from "/static/shared/format.js";

export const SHOWN = 20; // suggestions offered at once
const PAUSE_MS = 150; // typing pause before asking the server

/** How the list shows a customer: "Wang Fang · +86 139 5555 0101", or the name alone without a phone. */
export const customerLabel = (c) => (c.phone ? `${c.name} · ${c.phone}` : c.name);

/** What to search for: a whole "name · phone" label (pasted, or from an earlier list) by its phone. */
function searched(text) {
  const [name, phone] = text.split(" · ");
  return encodeURIComponent(phone?.trim() || name.trim());
}

/**
 * Run `fn` once typing pauses.
 * @param {() => any} fn
 */
export function paused(fn) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(fn, PAUSE_MS); };
}

/**
 * Answers to the latest question only: a call resolves with `fetch()`'s answer, or with
 * null when a newer call went out meanwhile (typing fast must not show an older list).
 * @param {(...args: any[]) => Promise<any>} fetch
 */
export function latestOnly(fetch) {
  let asked = 0;
  return async (...args) => {
    const mine = ++asked;
    const answer = await fetch(...args);
    return mine === asked ? answer : null;
  };
}

/**
 * Wire `input` (with its `list` datalist) to suggest customers as the office types.
 * @param {HTMLInputElement} input
 * @param {(customer: object|null) => void} [chose]  told of the customer chosen, or null when the text names none of the list
 */
export function customerPicker(input, chose = () => {}) {
  const seen = new Map(); // "name · phone" -> customer, every customer suggested so far
  const ask = latestOnly((text) => api(`/api/v1/customers?q=${searched(text)}&per_page=${SHOWN}`));
  const list = document.getElementById(input.getAttribute("list"));
  const suggest = async () => {
    if (!input.isConnected) return; // the form closed while the typing paused
    const text = input.value.trim();
    if (seen.has(text)) return chose(seen.get(text));
    chose(null);
    const answer = await ask(text).catch((error) => {
      if (!(error instanceof ApiError)) throw error;
      return null; // no new suggestions (offline, or text the search refuses): the list stays
    });
    if (!answer || !input.isConnected) return;
    answer.items.forEach((c) => seen.set(customerLabel(c), c));
    list.innerHTML = answer.items.map((c) => `<option value="${esc(customerLabel(c))}"></option>`).join("");
  };
  input.addEventListener("input", paused(suggest));
  Promise.resolve().then(suggest); // a first list, once the caller holds the picker
  return {
    /** Show `customer` as chosen. */
    set(customer) {
      seen.set(customerLabel(customer), customer);
      input.value = customerLabel(customer);
      chose(customer);
    },
    /** The customer chosen from the list, if the text is one of its choices. */
    chosen: () => seen.get(input.value.trim()) || null,
    /**
     * The customer the text names, a choice from the list or the whole name or phone of one
     * customer; else why not, in words for the field.
     * @param {string} none  what to say when nothing is typed
     */
    async resolve(none) {
      const text = input.value.trim();
      if (seen.has(text)) return { customer: seen.get(text) };
      if (!text) return { problem: none };
      const { items, total } = await api(`/api/v1/customers?q=${searched(text)}&per_page=${SHOWN}`);
      const digits = (s) => s.replace(/[\s-]/g, "");
      const whole = items.filter((c) => customerLabel(c) === text || c.name.toLowerCase() === text.toLowerCase() || digits(c.phone) === digits(text));
      if (whole.length === 1) return { customer: whole[0] };
      if (!total) return { problem: `No customer matches “${text}”.` };
      return { problem: `“${text}” matches ${plural(total, "customer")}; choose one from the list.` };
    },
  };
}

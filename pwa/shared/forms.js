// What the consoles' forms share: API errors shown at the form they came from, each field
// named by its label and marked; the admin's audit log told of every change.
import { ApiError } from "/static/shared/api.js";
import { escapeHtml as esc } from "/static/shared/format.js";

/**
 * `<option>`s of a {value: text} object, or of [value, text] pairs in their order (an
 * object lists number-like keys first, before a "" for "none"), `chosen` selected.
 * @param {Object<string, string> | Array<[any, string]>} pairs
 * @param {any} [chosen]
 */
export function options(pairs, chosen) {
  return (Array.isArray(pairs) ? pairs : Object.entries(pairs)).map(([value, text]) =>
    `<option value="${esc(value)}"${String(value) === String(chosen) ? " selected" : ""}>${esc(text)}</option>`).join("");
}

/** A typed value for the API, which checks the numbers itself; null for an empty field. */
export const typed = (value) => (value.trim() === "" ? null : value.trim());

/**
 * A form's label function: "skills.0" reads as the label of "skills".
 * @param {Object<string, string>} labels  the form's label of each API field
 */
export const labelled = (labels) => (path) => labels[path] || labels[path.split(".")[0]] || sentence(path);

/** "received_at" as "Received at", for a field the form has no label for. */
const sentence = (path) => path.charAt(0).toUpperCase() + path.slice(1).replaceAll("_", " ");

/** An error's details as [path, messages] pairs, nested ones ({"rules": {"0": {…}}}) dotted. */
function flatten(details, prefix = "") {
  if (Array.isArray(details) || typeof details !== "object" || details === null) return [[prefix, [details].flat()]];
  return Object.entries(details).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * An ApiError as one line: its message, then each field's problems by the field's label
 * ("Invalid input. Received at: Not a valid datetime.").
 * @param {{message: string, details: object}} error
 * @param {(path: string) => string} label
 */
export function errorText(error, label) {
  const lines = flatten(error.details).map(([path, messages]) => `${label(path)}: ${messages.join(" ")}`);
  return [error.message, ...lines].filter(Boolean).join(" ");
}

/**
 * Show an ApiError in `box`'s alert with each field named by `label(path)`, mark the fields
 * (a matching data-field, or the name of the path's first part) and focus the first.
 * @param {HTMLElement} box  a form, or a table row, holding a `.error` element
 * @param {{message: string, details: object}} error
 * @param {(path: string) => string} label
 */
export function showError(box, error, label) {
  box.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  const pairs = flatten(error.details);
  box.querySelector(".error").textContent = errorText(error, label);
  const find = (path) => box.querySelector(`[data-field="${path}"]`) || box.querySelector(`[name="${path.split(".")[0]}"]`);
  const fields = pairs.map(([path]) => find(path)).filter(Boolean);
  fields.forEach((field) => field.setAttribute("aria-invalid", "true"));
  (fields[0]?.matches("input, select, textarea") ? fields[0] : fields[0]?.querySelector("input"))?.focus();
}

/** A field the admin changes is no longer marked wrong; the message goes with the last mark. */
export function unmark(box, field) {
  field.closest("[aria-invalid]")?.removeAttribute("aria-invalid");
  if (!box.querySelector("[aria-invalid]")) box.querySelector(".error").textContent = "";
}

/**
 * Run an API call for `box`: resolves with its answer, or with undefined after showing its
 * error in the box. Other failures propagate.
 * @param {HTMLElement} box
 * @param {(path: string) => string} label
 * @param {() => Promise<any>} call
 */
export async function attempt(box, label, call) {
  box.querySelector(".error").textContent = "";
  try {
    return (await call()) ?? true;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    showError(box, e, label);
    return undefined;
  }
}

/**
 * Run `work` once at a time for `button`: a second click while it runs does nothing (one
 * order, one complaint, however often it is clicked).
 * @param {HTMLButtonElement} button
 * @param {() => Promise<any>} work
 */
export async function busy(button, work) {
  if (button.disabled) return undefined;
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.disabled = false;
  }
}

/** Say `text` in the notice element `el` for a few seconds. */
export function flash(el, text) {
  el.className = `${el.className.replace(/\bnotice\b/, "")} notice`.trim();
  el.textContent = text;
  clearTimeout(el.flashTimer);
  el.flashTimer = setTimeout(() => { el.textContent = ""; el.classList.remove("notice"); }, 6000);
}

/** Tell the audit log that something changed (it shows the new entries). */
export function recorded() {
  document.dispatchEvent(new Event("admin:recorded"));
}

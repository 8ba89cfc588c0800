// The action forms, built for a phone in one hand: big fields, the keypad each field needs, camera, signature.
import { database, getMeta, setMeta } from "./db.js";
import { iccidOk } from "./model.js";
import { skillWord } from "/static/shared/format.js";
import { deviceId, record } from "./sync.js";
import { ACTIONS, h, show } from "./ui.js";

/** Attributes of a field for a serial number printed on a part: letters and digits, so
 * the full keyboard in capitals, with no autocorrection, spell check or autofill. */
const SERIAL_KEYS = 'inputmode="text" autocapitalize="characters" autocorrect="off" spellcheck="false" autocomplete="off"';

function optionList(options, value) {
  return options.map(([v, l]) => `<option value="${h(v)}"${v === value ? " selected" : ""}>${h(l)}</option>`).join("");
}

/** A select's options; `groups` ([label, options] pairs) become optgroups after `options`. */
function selectOptions(options = [], groups = [], value = "") {
  const grouped = groups.filter(([, list]) => list.length);
  return optionList(options, value) + grouped.map(([label, list]) => `<optgroup label="${h(label)}">${optionList(list, value)}</optgroup>`).join("");
}

function field({ name, label, type = "text", inputmode, required = true, options, groups, value = "", hint = "", extra = "" }) {
  const id = `f-${name}`;
  const described = hint ? ` aria-describedby="${id}-hint"` : "";
  let control;
  if (options || groups) {
    control = `<select id="${id}" name="${name}"${described}>${selectOptions(options, groups, value)}</select>`;
  } else if (type === "textarea") {
    control = `<textarea id="${id}" name="${name}"${required ? " required" : ""}>${h(value)}</textarea>`;
  } else if (type === "checkbox") {
    return `<label class="check"><input type="checkbox" id="${id}" name="${name}"> ${h(label)}</label>`;
  } else {
    control = `<input id="${id}" name="${name}" type="${type}" value="${h(value)}"${inputmode ? ` inputmode="${inputmode}"` : ""}${required ? " required" : ""}${described} ${extra}>`;
  }
  return `<label for="${id}">${h(label)}</label>${control}${hint ? `<div class="muted small" id="${id}-hint">${h(hint)}</div>` : ""}<p class="field-error" data-error="${name}"></p>`;
}

function sheet(orderId, title, fields) {
  const main = show(`
    <form class="sheet card" novalidate>
      <h1>${h(title)}</h1>
      ${fields.join("")}
      <div class="buttons"><a class="button" href="#/order/${orderId}">Cancel</a><button class="primary" type="submit">Save</button></div>
    </form>`);
  const form = main.querySelector("form");
  const first = form.querySelector("input:not([type=checkbox]),select,textarea");
  if (first) first.focus();
  return form;
}

function fail(form, name, message) {
  const slot = form.querySelector(`[data-error="${name}"]`);
  if (slot) slot.textContent = message;
  return false;
}

function submit(form, orderId, build) {
  form.addEventListener("input", (event) => { // a field being corrected loses its error
    const slot = form.querySelector(`[data-error="${event.target.name}"]`);
    if (slot) slot.textContent = "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    form.querySelectorAll(".field-error").forEach((e) => { e.textContent = ""; });
    const saved = await build(new FormData(form));
    if (saved !== false) location.hash = `#/order/${orderId}`;
  });
}

const text = (data, name) => String(data.get(name) || "").trim();

async function orderOf(orderId) {
  return (await (await database()).get("orders", orderId))?.view;
}

function position() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy_m: p.coords.accuracy }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 },
    );
  });
}

/** The catalogue as select groups: the parts of the job's skill (and parts for any job)
 * first, then the others, each by code. */
function partGroups(parts, skill) {
  const option = (p) => [String(p.id), `${p.code} — ${p.name}${p.serial_tracked ? " (serial)" : ""}`];
  const byCode = [...parts].sort((a, b) => a.code.localeCompare(b.code));
  const fits = byCode.filter((p) => !p.skill || p.skill === skill);
  if (!skill || !fits.length) return [["Parts", byCode.map(option)]];
  const others = byCode.filter((p) => !fits.includes(p));
  return [[`For ${skillWord(skill)} jobs`, fits.map(option)], ["Other parts", others.map(option)]];
}

/** Show the chosen part in full (the select cuts long names off on a phone) and, for a
 * serial-tracked part, the serial field it needs, with a quantity of one. */
function showPart(form, part, intro) {
  const tracked = Boolean(part?.serial_tracked);
  const { quantity, serial } = form.elements;
  form.querySelector("[data-serial-field]").hidden = !tracked;
  serial.required = tracked;
  if (tracked) quantity.value = "1";
  quantity.readOnly = tracked;
  const note = tracked ? " Serial-tracked: enter its serial number below." : "";
  form.querySelector("#f-part-hint").textContent = part ? `${part.code} — ${part.name}.${note}` : intro;
}

const FORMS = {
  async "order.en_route"(orderId) {
    const fix = await position();
    await record("order.en_route", orderId, fix ? { location: { lat: fix.lat, lon: fix.lon } } : {});
    location.hash = `#/order/${orderId}`;
  },

  async "order.arrived"(orderId) {
    const fix = await position();
    await record("order.arrived", orderId, fix || {});
    location.hash = `#/order/${orderId}`;
  },

  "order.hold"(orderId) {
    const form = sheet(orderId, "Put on hold", [
      field({ name: "reason", label: "Why", options: [["awaiting_parts", "Awaiting parts"], ["no_access", "No access"]] }),
      field({ name: "notes", label: "Details", type: "textarea", required: false }),
    ]);
    submit(form, orderId, (d) => record("order.hold", orderId, { reason: text(d, "reason"), notes: text(d, "notes") }));
  },

  "order.complete"(orderId) {
    const form = sheet(orderId, "Complete job", [
      field({ name: "notes", label: "Handling notes: what you found, what you did", type: "textarea" }),
    ]);
    submit(form, orderId, (d) => (text(d, "notes") ? record("order.complete", orderId, { notes: text(d, "notes") }) : fail(form, "notes", "Describe what you found and did.")));
  },

  async "part.use"(orderId) {
    const [parts, order] = [await (await database()).getAll("parts"), await orderOf(orderId)];
    const intro = order?.skill ? `Parts for ${skillWord(order.skill)} jobs are listed first.` : "Choose the part you used.";
    const form = sheet(orderId, "Part used", [
      field({ name: "part", label: "Part", options: [["", "Choose a part…"]], groups: partGroups(parts, order?.skill), hint: intro }),
      field({ name: "quantity", label: "Quantity", inputmode: "numeric", value: "1", extra: 'pattern="[0-9]*" autocomplete="off"' }),
      `<div data-serial-field hidden>${field({
        name: "serial", label: "Serial number (required for this part)", required: false,
        hint: "As printed on the part. One part per entry.", extra: `${SERIAL_KEYS} maxlength="40"`,
      })}</div>`,
    ]);
    const chosen = () => parts.find((p) => String(p.id) === form.elements.part.value);
    form.elements.part.addEventListener("change", () => showPart(form, chosen(), intro));
    submit(form, orderId, (d) => {
      const part = chosen();
      const quantity = Number(text(d, "quantity"));
      if (!part) return fail(form, "part", "Choose a part.");
      if (!Number.isInteger(quantity) || quantity < 1) return fail(form, "quantity", "A whole number, 1 or more.");
      const serial = part.serial_tracked ? text(d, "serial") : "";
      if (part.serial_tracked && quantity !== 1) return fail(form, "quantity", "Serial-tracked parts are recorded one at a time.");
      if (part.serial_tracked && !serial) return fail(form, "serial", "Enter the serial number printed on the part.");
      return record("part.use", orderId, { part_id: part.id, part_code: part.code, quantity, serial: serial || null });
    });
  },

  "terminal.swap"(orderId) {
    const form = sheet(orderId, "Terminal swap", [
      field({ name: "old_serial", label: "Old terminal serial / IMEI", hint: "4–40 letters, digits or dashes, as on the label", extra: `${SERIAL_KEYS} maxlength="40"` }),
      field({ name: "new_serial", label: "New terminal serial / IMEI", extra: `${SERIAL_KEYS} maxlength="40"` }),
    ]);
    submit(form, orderId, (d) => {
      const [oldSerial, newSerial] = [text(d, "old_serial"), text(d, "new_serial")];
      for (const [name, value] of [["old_serial", oldSerial], ["new_serial", newSerial]]) {
        if (!/^[A-Za-z0-9-]{4,40}$/.test(value)) return fail(form, name, "4–40 letters, digits or dashes.");
      }
      if (oldSerial === newSerial) return fail(form, "new_serial", "Must differ from the old one.");
      return record("terminal.swap", orderId, { old_serial: oldSerial, new_serial: newSerial });
    });
  },

  "sim.swap"(orderId) {
    const form = sheet(orderId, "SIM swap", [
      field({ name: "old_iccid", label: "Old SIM ICCID", inputmode: "numeric", hint: "19–20 digits printed on the card", extra: 'autocomplete="off"' }),
      field({ name: "new_iccid", label: "New SIM ICCID", inputmode: "numeric", extra: 'autocomplete="off"' }),
    ]);
    submit(form, orderId, (d) => {
      const [oldIccid, newIccid] = [text(d, "old_iccid").replace(/\s/g, ""), text(d, "new_iccid").replace(/\s/g, "")];
      for (const [name, value] of [["old_iccid", oldIccid], ["new_iccid", newIccid]]) {
        if (!iccidOk(value)) return fail(form, name, "Not a valid ICCID: check the digits.");
      }
      if (oldIccid === newIccid) return fail(form, "new_iccid", "Must differ from the old one.");
      return record("sim.swap", orderId, { old_iccid: oldIccid, new_iccid: newIccid });
    });
  },

  async "fee.collect"(orderId) {
    // The fee's id is made when the form opens: a double tap records it once.
    const feeId = crypto.randomUUID();
    const next = (await getMeta("receipt", 0)) + 1;
    const receipt = `R-${deviceId().slice(0, 4).toUpperCase()}-${String(next).padStart(6, "0")}`;
    const form = sheet(orderId, "Fee collected", [
      field({ name: "amount", label: "Amount (CNY)", inputmode: "decimal", extra: 'autocomplete="off" placeholder="0.00"' }),
      field({ name: "method", label: "Paid by", options: [["cash", "Cash"], ["card", "Card"], ["transfer", "Transfer"]] }),
      field({ name: "receipt_no", label: "Receipt number", value: receipt }),
      field({ name: "invoice_requested", label: "Customer wants an invoice", type: "checkbox" }),
    ]);
    submit(form, orderId, async (d) => {
      const amount = text(d, "amount").replace(",", ".");
      if (!/^\d{1,7}(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) return fail(form, "amount", "An amount like 120.00.");
      if (!text(d, "receipt_no")) return fail(form, "receipt_no", "Give the receipt number.");
      const saved = await record("fee.collect", orderId, {
        uuid: feeId, amount, currency: "CNY", method: text(d, "method"),
        receipt_no: text(d, "receipt_no"), invoice_requested: d.get("invoice_requested") === "on",
      }, { id: feeId });
      if (saved && text(d, "receipt_no") === receipt) await setMeta("receipt", next);
      return true;
    });
  },

  "photo.attach"(orderId) {
    const form = sheet(orderId, "Photo", [
      field({ name: "photo", label: "Take a photo", type: "file", extra: 'accept="image/*" capture="environment"' }),
      field({ name: "caption", label: "Caption", required: false }),
    ]);
    submit(form, orderId, async (d) => {
      const file = d.get("photo");
      if (!(file instanceof File) || !file.size) return fail(form, "photo", "Take or choose a photo.");
      const blob = await downscale(file, 1280);
      return attach("photo.attach", orderId, blob, text(d, "caption"));
    });
  },

  "signature.attach"(orderId) {
    const form = sheet(orderId, "Customer signature", [
      '<canvas class="signature" width="800" height="360" aria-label="Sign here"></canvas><button type="button" data-clear>Clear</button>',
      field({ name: "caption", label: "Name of the person signing", required: false }),
    ]);
    const pad = signaturePad(form.querySelector("canvas"));
    form.querySelector("[data-clear]").addEventListener("click", pad.clear);
    submit(form, orderId, async (d) => {
      if (pad.empty()) return fail(form, "caption", "Ask the customer to sign above.");
      const blob = await new Promise((resolve) => form.querySelector("canvas").toBlob(resolve, "image/png"));
      return attach("signature.attach", orderId, blob, text(d, "caption"));
    });
  },

  async "note.add"(orderId) {
    const order = await orderOf(orderId);
    const form = sheet(orderId, "Note", [field({ name: "text", label: "Note", type: "textarea" })]);
    const base = order?.notes_version ?? 0;
    submit(form, orderId, (d) => (text(d, "text") ? record("note.add", orderId, { text: text(d, "text"), base_version: base }) : fail(form, "text", "Write something.")));
  },
};

async function sha256(blob) {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function attach(type, orderId, blob, caption) {
  const blobId = crypto.randomUUID();
  const preview = await thumbnail(blob);
  const stored = { uuid: blobId, type: blob.type, sha256: await sha256(blob), data: blob };
  return record(type, orderId, { blob_id: blobId, caption }, { blob: stored, preview });
}

/** Shrink a camera photo on the phone: longest side `max` px, JPEG. */
export async function downscale(file, max) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, max / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.8));
}

async function thumbnail(blob) {
  const small = await downscale(blob, 160);
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.readAsDataURL(small);
  });
}

function signaturePad(canvas) {
  const context = canvas.getContext("2d");
  context.lineWidth = 4;
  context.lineCap = "round";
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  let drawing = false;
  let strokes = 0;
  const point = (e) => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height];
  };
  canvas.addEventListener("pointerdown", (e) => {
    drawing = true;
    canvas.setPointerCapture(e.pointerId);
    context.beginPath();
    context.moveTo(...point(e));
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    context.lineTo(...point(e));
    context.stroke();
    strokes += 1;
  });
  canvas.addEventListener("pointerup", () => { drawing = false; });
  return {
    empty: () => strokes < 3,
    clear: () => {
      context.fillRect(0, 0, canvas.width, canvas.height);
      strokes = 0;
    },
  };
}

/** Open the form (or do the one-tap action) for `type` on an order. */
export function openAction(type, orderId) {
  const form = FORMS[type];
  if (!form) throw new Error(`Unknown action ${type}`);
  return form(orderId);
}

export { ACTIONS };

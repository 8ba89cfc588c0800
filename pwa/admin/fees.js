// The fee schedule: which completed work must carry a fee. Read-only here: it is the
// deployment's policy file (the API names it), changed by changing that file.
import { api } from "/static/shared/api.js";
import { KINDS, escapeHtml as esc } from "/static/shared/format.js";

const CONDITIONS = {
  never: () => "never",
  always: () => "always",
  out_of_warranty: (rule) => `out of warranty (${rule.warranty_months} months from purchase)${rule.parts_only ? ", when parts were used" : ""}`,
};
const HANDOVER = { end_of_next_working_day: "by the end of the next working day" };

/** The fee schedule's section of the "Deadlines and kinds" tab. */
export function feesHtml() {
  return `<section class="card wide" id="fees" data-tab="policy"><h2>Fees <span class="muted">— which completed work the customer pays for</span></h2>
    <table id="fee-table"><thead><tr><th>Kind</th><th>A fee is due</th><th>What is charged</th></tr></thead><tbody></tbody></table>
    <p class="muted" id="fee-note"></p></section>`;
}

/** Load the schedule into its table. */
export async function initFees() {
  const schedule = await api("/api/v1/finance/fee-schedule");
  document.querySelector("#fee-table tbody").innerHTML = schedule.chargeable.map((rule) => `
    <tr><td>${esc(KINDS[rule.kind] || rule.kind)}</td><td>${esc((CONDITIONS[rule.condition] || (() => rule.condition))(rule))}</td>
      <td>${esc(rule.charges || "")}</td></tr>`).join("");
  const handover = HANDOVER[schedule.handover_due] || schedule.handover_due;
  document.getElementById("fee-note").innerHTML = `Amounts in ${esc(schedule.currency)}; cash collected on site is handed in ${esc(handover)}. ` +
    `The schedule is the deployment's policy file <code>${esc(schedule.source)}</code>: change the file (and restart) to change it.`;
}

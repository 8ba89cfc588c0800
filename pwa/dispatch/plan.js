// Optimise (a job with progress), review the proposed plan against the current one, commit.
import { ApiError, api } from "/static/shared/api.js";
import { errorText, escapeHtml, hhmm, reasonText } from "./format.js";
import { changed, state, unassigned } from "./state.js";
import { routeFigures } from "./timeline.js";

const POLL_MS = 400;
let ui;
let refresh = async () => {};
let notify = () => {};
let tracking = null; // id of the plan whose progress is shown
let generation = 0; // bumped when following starts or stops: an older loop sees it and ends
const dismissed = new Set(); // plans reviewed and closed (committed or discarded)
const followed = new Set(); // plans seen to their end: a board polled before then is stale

/** `elements`: {button, limit, weight, progress, bar, label, cancel, status, panel}. */
export function initPlan(elements, reload, toast) {
  ui = elements;
  nameTargetOption();
  selectWeight(state.config.lateness_weight);
  refresh = reload;
  notify = toast;
  ui.button.addEventListener("click", start);
  ui.cancel.addEventListener("click", cancel);
  ui.status.addEventListener("click", (event) => {
    const id = event.target.closest("[data-review]")?.dataset.review;
    if (id) openReview(Number(id));
  });
  ui.panel.addEventListener("click", onPanelClick);
}

/** Run an API call; an ApiError is told to the dispatcher and resolves to undefined. */
async function attempt(call) {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    notify(errorText(error), "error");
  }
}

async function start() {
  const limit = Math.min(300, Math.max(1, Number(ui.limit.value) || 10));
  const body = { date: state.day, time_limit_s: limit, ...objective(ui.weight.value) };
  ui.button.disabled = true;
  try {
    const plan = await api("/api/v1/dispatch/plans", { method: "POST", body });
    if (body.date === state.day) track(plan.id);
    else ui.button.disabled = false; // the day changed meanwhile: followed when it is shown again
  } catch (error) {
    ui.button.disabled = false;
    if (!(error instanceof ApiError)) throw error;
    notify(errorText(error), "error");
  }
}

/** While a plan runs the toolbar shows its progress in place of the plan's status and set-up. */
function setOptimising(running) {
  ui.progress.hidden = !running;
  for (const element of [ui.status, ui.weight.closest("label"), ui.limit.closest("label")]) element.hidden = running;
}

function showProgress(plan) {
  setOptimising(true);
  ui.button.disabled = true;
  const pct = Math.round((plan.progress || 0) * 100);
  ui.bar.style.width = `${pct}%`;
  ui.progress.setAttribute("aria-valuenow", String(pct));
  ui.label.textContent = `${plan.status === "queued" ? "Queued" : "Optimising"} plan #${plan.id} · ${pct}%`;
}

function hideProgress() {
  setOptimising(false);
  ui.button.disabled = false;
  tracking = null;
  generation += 1;
}

/** Follow a queued or running plan until it ends; a finished plan opens for review. */
async function track(id) {
  const mine = ++generation;
  tracking = id;
  while (mine === generation) {
    const plan = await attempt(() => api(`/api/v1/dispatch/plans/${id}`));
    if (mine !== generation) return; // the console moved to another day, or follows anew
    if (!plan) {
      hideProgress();
      return;
    }
    if (plan.status === "queued" || plan.status === "running") {
      showProgress(plan);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      continue;
    }
    hideProgress();
    followed.add(id);
    if (plan.status === "done" && !plan.committed_at && !dismissed.has(id) && plan.date === state.day) showReview(plan);
    else if (plan.status === "failed") showStatus(`<span class="bad">Plan #${plan.id} failed: ${escapeHtml(plan.error)}</span> <button data-retry="${plan.id}">Retry</button>`);
    else showStatus(`Plan #${plan.id} was cancelled.`);
    return;
  }
}

async function cancel() {
  if (!tracking) return;
  await attempt(() => api(`/api/v1/dispatch/plans/${tracking}/cancel`, { method: "POST" }));
}

function showStatus(html) {
  ui.status.innerHTML = html;
  const retry = ui.status.querySelector("[data-retry]");
  retry?.addEventListener("click", async () => {
    const plan = await attempt(() => api(`/api/v1/dispatch/plans/${retry.dataset.retry}/retry`, { method: "POST" }));
    if (!plan) return;
    showStatus("");
    track(plan.id);
  });
}

/** The console moves to another day: stop following and reviewing the day left behind. */
export function dayChanged() {
  if (tracking) hideProgress();
  showStatus("");
  if (state.review) hideReview();
}

/** After each board load: follow plans started elsewhere (emergencies), offer unreviewed ones. */
export function syncPlan() {
  const board = state.board;
  const latest = board?.latest_plan;
  const when = board?.date === board?.today ? "today" : `for ${board?.date}`;
  if (!latest) return showStatus(`<span class="muted">No plan yet ${escapeHtml(when)}</span>`);
  const live = latest.status === "queued" || latest.status === "running";
  if (live && tracking !== latest.id && !followed.has(latest.id)) return track(latest.id);
  if (tracking || state.review) return;
  if (latest.committed_at) return showStatus(`<span class="muted">Plan #${latest.id} committed ${hhmm(latest.committed_at)}</span>`);
  if (latest.status === "done" && !dismissed.has(latest.id)) {
    const what = latest.trigger.startsWith("emergency") ? `<b class="bad">Re-plan for ${escapeHtml(latest.trigger.slice(10))}</b>` : `Plan #${latest.id}`;
    return showStatus(`${what} is ready <button class="small" data-review="${latest.id}">Review</button>`);
  }
  showStatus(`<span class="muted">Plan #${latest.id}: ${latest.status}</span>`);
}

async function openReview(id) {
  const plan = await attempt(() => api(`/api/v1/dispatch/plans/${id}`));
  if (plan && plan.date === state.day && plan.date === state.board.date) showReview(plan);
}

function showReview(plan) {
  state.review = plan;
  showStatus(`Reviewing plan #${plan.id}`);
  ui.panel.innerHTML = reviewHtml(plan);
  ui.panel.hidden = false;
  changed("review");
}

function hideReview() {
  state.review = null;
  ui.panel.hidden = true;
  ui.panel.innerHTML = "";
  changed("review");
}

/** Reviewed (committed or discarded): not offered again, even by a board polled before. */
function closeReview() {
  if (state.review) dismissed.add(state.review.id);
  hideReview();
  syncPlan();
}

function techName(id) {
  const t = state.techs.get(id)?.technician;
  if (!t) return "—";
  const name = escapeHtml(t.name);
  return `<span class="tech-name" title="${name}"><i class="swatch" style="background:${t.color}"></i>${name}</span>`;
}

/** What the plan changes, compared with the board as it is. */
export function compare(plan) {
  const moved = [];
  const added = [];
  let same = 0;
  for (const route of plan.routes) {
    for (const stop of route.stops) {
      const current = state.orders.get(stop.order_id)?.order.technician_id;
      const change = { stop, from: current, to: route.technician_id };
      if (!current) added.push(change);
      else if (current !== route.technician_id) moved.push(change);
      else same += 1;
    }
  }
  return { moved, added, same };
}

/** Orders in the pool the plan does not cover: booked for another day (an appointment),
 * or a grade-1 leak, which only today's plans take. */
function otherDays(plan) {
  const covered = new Set(plan.unassigned.map((u) => u.order_id));
  for (const route of plan.routes) for (const stop of route.stops) covered.add(stop.order_id);
  return unassigned().filter((row) => !covered.has(row.order.id)).length;
}

/** Leak repairs of the plan's day now in the pool that will be late by the next working
 * day (the server names the day's repairs that would be, `late_if_left`). */
function poolLeftLate(plan) {
  const lateIfLeft = new Set(plan.objective?.late_if_left || []);
  return unassigned().filter(({ order }) => lateIfLeft.has(order.id)).length;
}

function currentFigures(plan) {
  return { ...routeFigures(), unassigned: unassigned().length, leaksLeftLate: poolLeftLate(plan) };
}

/** Committing releases assigned orders the plan leaves out; started and locked work stays. */
function releasedOnCommit(order) {
  return order.status === "assigned" && !order.locked;
}

function keeps(orderId) {
  const order = state.orders.get(orderId)?.order;
  if (!order?.technician_id) return "";
  const name = escapeHtml(state.techs.get(order.technician_id)?.technician.name || "its technician");
  const what = releasedOnCommit(order) ? `goes back to the pool (was with ${name})` : `stays with ${name}`;
  return ` <span class="muted">— ${what}</span>`;
}

function changeRows(changes, withFrom) {
  if (!changes.length) return `<tr><td colspan="3" class="muted">None</td></tr>`;
  const late = (stop) => (stop.late_min > 0 ? ` <b class="late-text">+${Math.round(stop.late_min)}m</b>` : "");
  return changes
    .map(({ stop, from, to }) => {
      const who = withFrom ? `${techName(from)} <span class="muted">→</span> ${techName(to)}` : techName(to);
      return `<tr class="${stop.late_min > 0 ? "late" : ""}"><td>${escapeHtml(stop.number)}</td><td>${who}</td><td class="num">${hhmm(stop.eta)}${late(stop)}</td></tr>`;
    })
    .join("");
}

/** The pool after a commit: the unassigned orders less those the plan assigns, plus the
 * assigned ones it sends back (the pool also holds orders the plan's day cannot take). */
function poolAfter(plan, added) {
  const released = plan.unassigned.filter((u) => {
    const order = state.orders.get(u.order_id)?.order;
    return order && releasedOnCommit(order);
  }).length;
  return unassigned().length - added.length + released;
}

function reviewHtml(plan) {
  const { moved, added, same } = compare(plan);
  const elsewhere = otherDays(plan);
  const now = currentFigures(plan);
  const o = plan.objective || {};
  const planned = plan.routes.reduce((n, r) => n + r.stops.length, 0);
  const kept = plan.unassigned.filter((u) => {
    const order = state.orders.get(u.order_id)?.order;
    return order?.technician_id && !releasedOnCommit(order);
  }).length;
  const unassignedRows = plan.unassigned.length
    ? plan.unassigned.map((u) => `<tr><td>${escapeHtml(u.number)}</td><td colspan="2" class="reason">${reasonText(u.reason)}${keeps(u.order_id)}</td></tr>`).join("")
    : `<tr><td colspan="3" class="muted">Every order is planned.</td></tr>`;
  return `<div class="review-head"><h2>Proposed plan #${plan.id}</h2><span class="muted">${escapeHtml(plan.trigger)} · ${objectiveText(plan)} · ${plan.time_limit_s}s search · finished ${hhmm(plan.finished_at)}</span></div>
    <table class="figures"><thead><tr><th></th><th class="num">Current</th><th class="num">Proposed</th></tr></thead><tbody>
      <tr><td>Orders on a route</td><td class="num">${now.stops}</td><td class="num">${planned}${kept ? ` <span class="muted">+${kept} kept</span>` : ""}</td></tr>
      <tr><td>Unassigned (in the pool)</td><td class="num">${now.unassigned}</td><td class="num">${poolAfter(plan, added)}</td></tr>
      <tr><td title="Of the orders on a route in each column; the pool's orders are in neither">Late stops on a route</td><td class="num">${now.late}</td><td class="num">${o.late_count ?? "—"}</td></tr>
      <tr><td>Leak repairs on time</td><td class="num">${onTime(now.leaks, now.leaksLate, now.leaksLeftLate)}</td><td class="num">${onTime(o.leak_repairs, o.leak_repairs_late, o.leak_repairs_left_late)}</td></tr>
      <tr><td>Lateness (min)</td><td class="num">${now.lateMin}</td><td class="num">${Math.round(o.lateness_min ?? 0)}</td></tr>
      <tr><td>Travel (min)</td><td class="num">—</td><td class="num">${Math.round(o.travel_min ?? 0)}</td></tr>
    </tbody></table>
    <p class="summary"><b>${moved.length}</b> change technician · <b>${added.length}</b> new assignments · <b>${same}</b> unchanged · <b>${plan.unassigned.length}</b> left unassigned${elsewhere ? ` · <b>${elsewhere}</b> in the pool for another day` : ""}</p>
    <div class="review-lists">
      <h3>Change technician</h3><table class="changes moved"><tbody>${changeRows(moved, true)}</tbody></table>
      <h3>New assignments</h3><table class="changes added"><tbody>${changeRows(added, false)}</tbody></table>
      <h3>Left unassigned</h3><table class="changes unplanned"><tbody>${unassignedRows}</tbody></table>
    </div>
    <p class="error" role="alert"></p>
    <div class="review-actions"><button data-act="discard">Discard</button><button class="primary" data-act="commit">Commit plan</button></div>`;
}

/** Share of leak repairs on time, marked when below the utility's timeliness target.
 * `served` repairs on the routes, `late` of them ending late, and `leftLate` left in the
 * pool that will be late by the next working day: those count as late repairs too. */
function onTime(served, late, leftLate = 0) {
  const leaks = (served || 0) + leftLate;
  if (!leaks) return "—";
  const share = (leaks - (late || 0) - leftLate) / leaks;
  const text = `${(Math.floor(share * 1000) / 10).toFixed(1)} %`;
  const left = leftLate
    ? ` <span class="muted left-late" title="Left for the next working day and late by then; counted as late">incl. ${leftLate} left</span>`
    : "";
  const target = state.config.timeliness_target;
  if (share >= target) return text + left;
  return `<b class="late-text" title="Target ${Math.round(target * 100)} %">${text}</b>${left}`;
}

const TARGET = "target"; // the "Plan for" choice that holds the repair-timeliness target

/** The request's objective for a "Plan for" choice: a weight, or the target at the default weight. */
function objective(choice) {
  if (choice === TARGET) return { on_time_target: state.config.timeliness_target };
  return { lateness_weight: Number(choice) };
}

/** The target choice says the utility's target ("Least driving, 98 % on time"); without
 * one configured it is not offered. */
function nameTargetOption() {
  const option = [...ui.weight.options].find((o) => o.value === TARGET);
  if (!option) return;
  const target = state.config.timeliness_target;
  if (typeof target !== "number") option.remove();
  else option.textContent = `Least driving, ${percent(target)} on time`;
}

function percent(share) {
  return `${Math.round(share * 1000) / 10} %`;
}

/** The console's option for a weight, if it names one (not the target choice). */
function optionFor(weight) {
  return [...ui.weight.options].find((o) => o.value !== TARGET && Number(o.value) === weight);
}

/** Preselect the server's default weight; one the console does not name gets an option. */
function selectWeight(weight) {
  if (weight === undefined) return;
  if (!optionFor(weight)) ui.weight.add(new Option(`Configured (${weight})`, String(weight)));
  optionFor(weight).selected = true;
}

/** What the plan was optimised for: the target it held, or the console's name for its
 * lateness weight (other weights, set through the API, as numbers). */
function objectiveText(plan) {
  if (plan.on_time_target != null) return `least driving, ${percent(plan.on_time_target)} on time`;
  const option = optionFor(plan.lateness_weight);
  return option ? option.textContent.toLowerCase() : `lateness weight ${plan.lateness_weight}`;
}

async function onPanelClick(event) {
  const button = event.target.closest("button[data-act]");
  if (!button || !state.review) return;
  const { act } = button.dataset;
  const id = state.review.id;
  button.disabled = true;
  try {
    await api(`/api/v1/dispatch/plans/${id}/${act}`, { method: "POST" });
    notify(`Plan #${id} ${act === "commit" ? "committed" : "discarded"}`, "ok");
    closeReview();
    await refresh();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    button.disabled = false;
    const hint = error.code === "stale_plan" ? " Press Optimise to plan again." : "";
    ui.panel.querySelector(".error").textContent = errorText(error) + hint;
    const gone = error.code === "plan_committed" || (act === "discard" && error.code === "plan_not_done");
    if (gone) closeReview(); // committed or discarded meanwhile, in another console
  }
}

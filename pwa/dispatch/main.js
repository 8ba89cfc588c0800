// The dispatcher console: log in, load the board, draw it, keep it fresh.
import { ApiError, api } from "/static/shared/api.js";
import { requireLogin, signOut } from "/static/shared/gate.js";
import { assign, initActions } from "./actions.js";
import { STATUSES, countdown, escapeHtml } from "./format.js";
import { initMap, renderMap, resizeMap, revealSelected } from "./map.js";
import { dayChanged, initPlan, syncPlan } from "./plan.js";
import { initSidebar, renderDetail, renderUnassigned } from "./sidebar.js";
import { changed, now, select, setBoard, state, subscribe, unassigned } from "./state.js";
import { initIntake, openIntake } from "./intake.js";
import { initTeam, openTeam, renderTeam } from "./team.js";
import { initTimeline, renderTimeline, routeFigures, tickTimeline } from "./timeline.js";

const POLL_MS = 5000;
const $ = (selector) => document.querySelector(selector);
let signature = "";

function toast(text, kind = "ok") {
  const box = $("#toast");
  box.textContent = text;
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), kind === "error" ? 7000 : 3500);
}

function boardSignature(board) {
  const plan = board.latest_plan ? `${board.latest_plan.id}:${board.latest_plan.status}:${board.latest_plan.committed_at}` : "";
  const positions = board.technicians.map((t) => `${t.position.lat},${t.position.lon}`).join(";");
  const emergency = board.emergency_today ? `${board.emergency_today.id}:${board.emergency_today.status}` : "";
  return `${board.date}|${board.today}|${board.stamp}|${plan}|${emergency}|${positions}`;
}

/** A YYYY-MM-DD day from the address, or null (then the server answers with today). */
function addressDay() {
  const day = new URLSearchParams(location.search).get("date");
  return day && /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(day)) ? day : null;
}

function setAddressDay(day) {
  const url = new URL(location.href);
  if (day) url.searchParams.set("date", day);
  else url.searchParams.delete("date");
  history.replaceState(null, "", url);
}

let requests = 0; // board requests sent: only the answer to the latest one is drawn

/** Fetch the board; redraw only when something changed (the event stamp, a plan, a position). */
async function load(force = false) {
  const date = state.day ? `?date=${state.day}` : "";
  const mine = ++requests;
  try {
    const board = await api(`/api/v1/dispatch/board${date}`);
    if (mine !== requests) return; // a day switch or a newer poll went out meanwhile
    state.day = board.date; // the server's spelling of the day
    $("#live").className = "live";
    $("#live").textContent = "Live";
    const next = boardSignature(board);
    if (force || next !== signature) {
      signature = next;
      setBoard(board);
    } else {
      state.clockOffset = Date.parse(board.now) - Date.now();
    }
  } catch (error) {
    if (!(error instanceof ApiError)) {
      $("#live").className = "live offline";
      $("#live").textContent = "Offline — retrying";
      return;
    }
    if (error.status === 401 || error.status === 403) location.reload();
    toast(error.message, "error");
    if (error.status === 422 && state.day && mine === requests) await showToday();
  }
}

function poll() {
  setTimeout(async () => {
    if (!document.hidden) await load();
    poll();
  }, POLL_MS);
}

/** Fill every SLA countdown and move the "now" line, once a second. */
function tick() {
  const current = now();
  for (const el of document.querySelectorAll("[data-deadline]")) {
    const left = Date.parse(el.dataset.deadline) - current;
    el.textContent = countdown(left);
    el.classList.toggle("overdue", left < 0);
    el.classList.toggle("soon", left >= 0 && left <= 2 * 3600 * 1000);
  }
  tickTimeline();
}

/** What becomes of an order just taken, for the dispatcher. */
function takenNote(order) {
  if (order.kind === "gas_leak" && order.leak_grade === 1) {
    return `a grade 1 gas leak, an emergency: ${state.config.auto_replan ? "a re-plan of today is on its way for your review" : "optimise today to reach it"}`;
  }
  const grade = order.kind === "gas_leak" ? `grade ${order.leak_grade}, ` : "";
  return grade + (order.status === "new" ? "it awaits your approval" : "it is in the pool for the next plan");
}

function renderKpis() {
  const rows = [...state.orders.values()];
  const count = (u) => rows.filter((r) => r.urgency === u && r.order.status !== "completed").length;
  const kpis = [
    ["overdue", "Overdue", count("overdue")],
    ["due_2h", "Due < 2 h", count("due_2h")],
    ["unassigned", "Unassigned", unassigned().length],
    ["late", "Late stops", routeFigures().late],
  ];
  const away = [...state.techs.values()].filter((t) => !t.technician.active).length;
  const team = `<button type="button" class="kpi k-techs" id="team-open" title="Who is on the plan; mark someone away or back">` +
    `<b>${state.techs.size - away}</b>Technicians${away ? ` · ${away} away` : ""}</button>`;
  $("#kpis").innerHTML = kpis.map(([key, label, n]) => `<span class="kpi k-${key}"><b>${n}</b>${label}</span>`).join("") + team;
}

function showDay() {
  const { date, today, emergency_today: emergency } = state.board;
  $("#board-day").value = date;
  $("#day-today").hidden = date === today;
  const alert = $("#emergency-today");
  alert.hidden = !emergency;
  if (!emergency) return;
  alert.textContent = `Emergency today: ${emergency.trigger.replace(/^emergency\s*/, "")}`;
  alert.title = "A re-plan of today for a grade-1 leak waits for review: show today";
}

/** An error about the day left behind is no news on the next: it goes with its day. */
function dropErrorToast() {
  const box = $("#toast");
  if (!box.classList.contains("error")) return;
  clearTimeout(toast.timer);
  box.hidden = true;
}

/** Show another day: the address says which (so a reload or a shared link keeps it). */
async function goTo(day) {
  if (!day || day === state.day) return;
  dropErrorToast();
  state.day = day;
  setAddressDay(day);
  dayChanged();
  await load(true);
}

/** A day the server refused (not a date): show today instead. */
async function showToday() {
  state.day = null;
  setAddressDay(null);
  dayChanged();
  await load(true);
}

function shiftDay(day, by) {
  const next = new Date(`${day}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + by);
  return next.toISOString().slice(0, 10);
}

function initDayNav() {
  const today = () => goTo(state.board?.today);
  $("#day-prev").addEventListener("click", () => state.day && goTo(shiftDay(state.day, -1)));
  $("#day-next").addEventListener("click", () => state.day && goTo(shiftDay(state.day, 1)));
  $("#day-today").addEventListener("click", today);
  $("#emergency-today").addEventListener("click", today);
  $("#board-day").addEventListener("change", (event) => goTo(event.target.value));
}

function renderAll(what) {
  if (!state.board) return;
  renderMap();
  renderTimeline();
  renderUnassigned();
  renderDetail();
  if (what === "board") {
    renderKpis();
    renderTeam();
    showDay();
    syncPlan();
  }
  if (what === "selection") revealSelected();
  tick();
}

function initFilters() {
  $("#filter-status").innerHTML = STATUSES.map(
    (s) => `<label class="chip"><input type="checkbox" value="${s}"${state.filters.statuses.has(s) ? " checked" : ""}>${s.replace("_", " ")}</label>`,
  ).join("");
  $("#filter-kind").addEventListener("change", (event) => {
    state.filters.kind = event.target.value;
    changed("filters");
  });
  $("#filter-status").addEventListener("change", (event) => {
    const { value, checked } = event.target;
    checked ? state.filters.statuses.add(value) : state.filters.statuses.delete(value);
    changed("filters");
  });
}

async function main() {
  const template = document.getElementById("console-template").content;
  const user = await requireLogin({ title: "Dispatch console", roles: ["dispatcher", "admin"] });
  document.body.replaceChildren(template.cloneNode(true));
  $("#who").textContent = user.full_name || user.username;
  $("#sign-out").addEventListener("click", signOut);
  state.config = await api("/api/v1/dispatch/config");
  initMap($("#map"));
  initTimeline($("#timeline"), (orderId, techId, position) => assign(orderId, techId, position));
  initSidebar($("#detail"), $("#unassigned-list"), $("#pending-list"));
  initActions(() => load(true), toast);
  initTeam($("#team"));
  initIntake($("#new-order"), async (order) => {
    toast(`${order.number} taken: ${takenNote(order)}.`);
    await load(true);
    select(order.id);
  });
  $("#new-order-open").addEventListener("click", openIntake);
  $("#kpis").addEventListener("click", (event) => event.target.closest("#team-open") && openTeam());
  initPlan(
    {
      button: $("#optimise"), limit: $("#time-limit"), weight: $("#lateness-weight"), progress: $("#plan-progress"), bar: $("#plan-progress .fill"),
      label: $("#plan-progress .label"), cancel: $("#plan-cancel"), status: $("#plan-status"), panel: $("#review"),
    },
    () => load(true),
    toast,
  );
  initFilters();
  initDayNav();
  state.day = addressDay();
  subscribe(renderAll);
  await load(true);
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  performance.mark("board-rendered");
  document.body.dataset.ready = "true";
  setInterval(tick, 1000);
  window.addEventListener("resize", () => {
    resizeMap();
    renderTimeline(); // its hour labels are spaced for the width
  });
  poll();
}

main().catch((error) => {
  document.body.innerHTML = `<main class="gate"><p class="error">The console failed to start: ${escapeHtml(error.message)}</p></main>`;
  throw error;
});

// The admin console: users and departed staff, deadline rules, order kinds and fees, the
// parts catalogue, the working-day calendar and the audit log, one tab each (#users,
// #policy, #parts, #calendar, #audit).
import { escapeHtml as esc } from "/static/shared/format.js";
import { requireLogin, signOut } from "/static/shared/gate.js";
import { auditHtml, initAudit } from "./audit.js";
import { calendarHtml, initCalendar } from "./calendar.js";
import { feesHtml, initFees } from "./fees.js";
import { initParts, partsHtml } from "./parts.js";
import { initPolicy, policyHtml } from "./policy.js";
import { initUsers, usersHtml } from "./users.js";

const TABS = { users: "Users", policy: "Deadlines and kinds", parts: "Parts", calendar: "Calendar", audit: "Audit log" };

function layout(user) {
  const links = Object.entries(TABS).map(([tab, name]) => `<a href="#${tab}" data-tab="${tab}">${name}</a>`).join("");
  document.body.innerHTML = `
    <header class="bar"><h1>Administration</h1><nav class="tabs" aria-label="Sections">${links}</nav>
      <span class="spacer"></span>
      <span>${esc(user.username)} (${esc(user.role)})</span><button id="logout">Sign out</button></header>
    <main class="console">${usersHtml()}${policyHtml()}${feesHtml()}${partsHtml()}${calendarHtml()}${auditHtml()}</main>`;
  document.getElementById("logout").onclick = signOut;
}

/** Show the sections of the tab the address names; the users' by default. */
function showTab() {
  const asked = location.hash.slice(1);
  const tab = asked in TABS ? asked : "users";
  document.querySelectorAll("main.console > section").forEach((s) => { s.hidden = s.dataset.tab !== tab; });
  document.querySelectorAll("nav.tabs a").forEach((a) => {
    if (a.dataset.tab === tab) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  });
  document.title = `Administration — ${TABS[tab]}`;
}

async function main() {
  const user = await requireLogin({ title: "Administration", roles: ["admin"] });
  layout(user);
  showTab();
  window.addEventListener("hashchange", () => { showTab(); window.scrollTo(0, 0); });
  await Promise.all([initUsers(user), initParts()]); // first: the audit log names people and parts by them
  await Promise.all([initPolicy(), initFees(), initCalendar(), initAudit()]);
  document.body.dataset.ready = "true";
}

main();

// The technician app: start-up, routing by hash, service worker and its updates.
import { storedUser, token } from "/static/shared/api.js";
import { getMeta } from "./db.js";
import { openAction } from "./forms.js";
import { events, flush, pull, refreshParts, startTriggers } from "./sync.js";
import { setTimeZone } from "./ui.js";
import { listView, loginView, orderView, rejectedView, renderBar, wireBar } from "./views.js";

async function route() {
  const [, page, id, action] = location.hash.split("/");
  if (page === "order" && action) return openAction(action, Number(id));
  if (page === "order") return orderView(Number(id));
  if (page === "rejected") return rejectedView();
  return listView();
}

function onForm() {
  return Boolean(document.querySelector("form.sheet:not(.gate)"));
}

async function refresh() {
  await renderBar();
  if (!onForm()) await route();
}

function watchServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const banner = document.getElementById("update");
  const offer = (registration) => {
    banner.hidden = false;
    document.getElementById("reload").onclick = () => registration.waiting?.postMessage({ type: "skip-waiting" });
  };
  navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker?.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(registration);
      });
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") registration.update().catch(() => {});
    });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (banner.hidden || reloading) return;
    reloading = true;
    location.reload();
  });
}

async function start() {
  watchServiceWorker();
  navigator.storage?.persist?.().catch(() => {});
  setTimeZone(await getMeta("timezone")); // known offline from the last pull
  if (!token() || storedUser()?.role !== "technician") {
    await loginView();
    await pull().catch(() => {});
  }
  wireBar();
  refreshParts().catch(() => {});
  window.addEventListener("hashchange", route);
  document.getElementById("app").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    const [, page, id] = location.hash.split("/");
    if (button && page === "order") location.hash = `#/order/${id}/${button.dataset.action}`;
  });
  events.addEventListener("change", refresh);
  await refresh();
  startTriggers();
  setInterval(() => !onForm() && route(), 30_000); // keep countdowns current
  window.fieldops = { flush };
}

start();

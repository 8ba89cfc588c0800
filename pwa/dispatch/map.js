// The map: orders by urgency, technicians at their last position, routes in their colours.
import { KINDS, URGENCY, escapeHtml, hhmm, plural } from "./format.js";
import { boardTechs, select, sequenceOf, state, visible } from "./state.js";

const L = window.L;
let map;
let layers;
let fitted = false;
let picking = null; // while the new-order form asks where its site is: called with the place clicked
let pin = null; // that place, or the chosen existing site, on the map

/** Below this height the legend starts folded: open, it would cover much of the map. */
const LEGEND_OPEN_FROM_PX = 400;

/** The map's key, folded to its title on a short map (the dispatcher opens it at will). */
function legend(element) {
  const control = L.control({ position: "bottomleft" });
  control.onAdd = () => {
    const div = L.DomUtil.create("div", "map-legend");
    const open = element.clientHeight >= LEGEND_OPEN_FROM_PX ? " open" : "";
    div.innerHTML = `<details${open}><summary>Legend</summary><div class="legend-items">` +
      Object.values(URGENCY).map((u) => `<span><i class="dot" style="background:${u.color}"></i>${u.label}</span>`).join("") +
      `<span><i class="tech-swatch"></i>Technician</span><span><i class="route-swatch"></i>Route</span>` +
      `<span><i class="dot ring"></i>Assigned (ring = technician)</span>` +
      `<span><i class="dot ring faded"></i>Another day's work</span></div></details>`;
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  return control;
}

/** Create the map in `element`; tiles only when the configuration names a tile server. */
export function initMap(element) {
  map = L.map(element, { zoomControl: true, attributionControl: Boolean(state.config.tile_url), minZoom: 8, maxZoom: 18, zoomSnap: 0.25 });
  if (state.config.tile_url) {
    L.tileLayer(state.config.tile_url, { maxZoom: 19, attribution: state.config.tile_attribution || "" }).addTo(map);
  } else {
    element.classList.add("no-tiles");
  }
  map.setView([30.27, 120.15], 11);
  layers = {
    routes: L.layerGroup().addTo(map),
    proposed: L.layerGroup().addTo(map),
    orders: L.layerGroup().addTo(map),
    techs: L.layerGroup().addTo(map),
  };
  legend(element).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  map.on("click", (event) => {
    if (!picking) return;
    const at = { lat: event.latlng.lat, lon: event.latlng.lng };
    showPin(at);
    picking(at);
  });
  return map;
}

function showPin(at) {
  pin?.remove();
  pin = L.marker([at.lat, at.lon], { title: "The new order's site", keyboard: false }).addTo(map);
}

/**
 * Show the new order's site at `at` (if given); while `handler` is set, a click on the map
 * places the site there and tells `handler` {lat, lon}. pickPlace(null) ends it all.
 * @param {((at: {lat: number, lon: number}) => void)|null} handler
 * @param {{lat: number, lon: number}|null} [at]
 */
export function pickPlace(handler, at = null) {
  picking = handler;
  pin?.remove();
  pin = null;
  map.getContainer().classList.toggle("picking", Boolean(handler));
  if (!at) return;
  showPin(at);
  map.panTo([at.lat, at.lon]);
}

function orderTooltip(row, otherDay) {
  const o = row.order;
  const tech = o.technician_id ? state.techs.get(o.technician_id)?.technician.name : "unassigned";
  const when = otherDay ? ` · ${o.work_date ? `planned for ${o.work_date}` : "another day"}` : "";
  return `<b>${escapeHtml(o.number)}</b> · ${KINDS[o.kind] || o.kind}<br>${escapeHtml(o.customer?.name)} (${o.customer?.grade})<br>` +
    `${o.status.replace("_", " ")} · ${escapeHtml(tech)}${when}<br>${URGENCY[row.urgency].label}`;
}

/** Orders on a technician's route of the day shown (the board's sequences are per day). */
function onTheDay() {
  return new Set([...state.techs.values()].flatMap((row) => row.sequence));
}

const WITH_A_TECHNICIAN = new Set(["assigned", "en_route", "on_site"]);

function drawOrders() {
  const onDay = onTheDay();
  for (const row of state.orders.values()) {
    if (!visible(row) || !row.order.site) continue;
    const o = row.order;
    const selected = o.id === state.selected;
    // With a technician on another day: shown faded, so the day's own work stands out.
    const otherDay = WITH_A_TECHNICIAN.has(o.status) && !onDay.has(o.id);
    const techColor = o.technician_id ? state.techs.get(o.technician_id)?.technician.color : null;
    const marker = L.circleMarker([o.site.lat, o.site.lon], {
      radius: selected ? 10 : o.technician_id ? 6 : 5.5,
      color: selected ? "#111" : techColor || "#ffffff",
      weight: selected ? 3 : techColor ? 2.5 : 1.5,
      fillColor: URGENCY[row.urgency].color,
      fillOpacity: o.status === "completed" || otherDay ? 0.35 : 0.95,
      opacity: otherDay && !selected ? 0.5 : 1,
      dashArray: otherDay ? "2 2" : null,
      className: `order-marker u-${row.urgency} s-${o.status}${otherDay ? " other-day" : ""}`,
    });
    marker.bindTooltip(orderTooltip(row, otherDay), { direction: "top", offset: [0, -4] });
    marker.on("click", () => select(o.id));
    marker.addTo(layers.orders);
    if (selected) marker.bringToFront();
  }
}

function initials(name) {
  return name.split(/\s+/).map((w) => w[0]).join("").slice(0, 2).toUpperCase();
}

function drawTechs() {
  for (const row of boardTechs()) {
    const t = row.technician;
    const { lat, lon, source, at } = row.position;
    const icon = L.divIcon({
      className: "tech-marker",
      html: `<span style="background:${t.color}" class="${source}">${initials(t.name)}</span>`,
      iconSize: [26, 26],
      iconAnchor: [13, 13],
    });
    const where = source === "gps" ? `GPS fix ${hhmm(at)}` : "home base (no GPS fix today)";
    L.marker([lat, lon], { icon, zIndexOffset: 1000, keyboard: false })
      .bindTooltip(`<b>${escapeHtml(t.name)}</b> · ${t.skills.join(", ")}<br>${where}<br>${plural(row.sequence.length, "stop")}`, { direction: "top", offset: [0, -12] })
      .addTo(layers.techs);
  }
}

function drawRoutes() {
  for (const row of state.techs.values()) {
    const stops = sequenceOf(row.technician.id).filter((r) => r.order.site);
    if (!stops.length) continue;
    const points = [[row.position.lat, row.position.lon], ...stops.map((r) => [r.order.site.lat, r.order.site.lon])];
    L.polyline(points, { color: row.technician.color, weight: 3, opacity: 0.8, className: "route-line", interactive: false }).addTo(layers.routes);
  }
}

function drawProposed() {
  if (!state.review) return;
  for (const route of state.review.routes) {
    const tech = state.techs.get(route.technician_id);
    if (!tech || !route.stops.length) continue;
    const points = [[tech.position.lat, tech.position.lon]];
    for (const stop of route.stops) {
      const site = state.orders.get(stop.order_id)?.order.site;
      if (site) points.push([site.lat, site.lon]);
    }
    L.polyline(points, { color: tech.technician.color, weight: 2.5, opacity: 0.95, dashArray: "6 5", className: "proposed-line", interactive: false }).addTo(layers.proposed);
  }
}

const NEARBY_DEG = 1.5; // about 150 km: farther from the middle of the work is an outlier

/** Frame the day's work: technicians and order sites, less any site far from the middle of
 * them (a mistyped address): framing it too would zoom out past the city, or leave the
 * view between the two, at the zoom limit, on neither. */
function fit() {
  const points = [...state.orders.values()].filter((r) => r.order.site).map((r) => [r.order.site.lat, r.order.site.lon]);
  for (const row of state.techs.values()) points.push([row.position.lat, row.position.lon]);
  if (!points.length) return;
  const [lat, lon] = [0, 1].map((axis) => median(points.map((p) => p[axis])));
  const near = points.filter((p) => Math.abs(p[0] - lat) <= NEARBY_DEG && Math.abs(p[1] - lon) <= NEARBY_DEG);
  map.fitBounds(near.length ? near : points, { padding: [24, 24] }); // medians of scattered points may frame none
  fitted = true;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Redraw every layer from the state. */
export function renderMap() {
  if (!map || !state.board) return;
  for (const layer of Object.values(layers)) layer.clearLayers();
  state.review ? layers.routes.remove() : layers.routes.addTo(map);
  drawRoutes();
  drawProposed();
  drawOrders();
  drawTechs();
  if (!fitted) fit();
}

/** Bring the selected order into view if it is off the map. */
export function revealSelected() {
  const site = state.orders.get(state.selected)?.order.site;
  if (site && !map.getBounds().contains([site.lat, site.lon])) map.panTo([site.lat, site.lon]);
}

export function resizeMap() {
  map?.invalidateSize();
}

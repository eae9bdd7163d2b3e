// Entry point of the app: the dispatcher's console at /dispatch (console.js),
// the forest chief's view at /forest (forest.js), the track replay at /replay
// (replay.js), the map wall everywhere else.
//
// The map wall. The server's style says everything about what
// is drawn and how (sources = Lookout's vector tiles, layers, legend, panel
// groups); this file fetches it with the catalogue and the REST layer list
// (titles, field titles, counts), starts the map, and wires panel, legend,
// popup, live feed, incident queue and drawer and language switch together.

// MapLibre's stylesheet first, ours after it: our dark overrides of its
// popup and controls win by coming later at equal specificity.
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import './replay.css'; // the replay page's sheet, with the wall header's links to the pages
import { fetchStyle, fetchCatalog, fetchLayers } from './api.js';
import { createMap, applyLabelLanguage, boundsOf, setVisible, styleLayersByLookout, zoomRanges, liveLayersOf, liveStyle } from './map.js';
import { groupsOf, renderList, markZoom, renderStatus, renderLive, setCount } from './panel.js';
import { renderLegend, swatches } from './legend.js';
import { installPopup } from './popup.js';
import { startLive } from './live.js';
import { createFeed, installFlash } from './feed.js';
import { createQueue } from './incidents.js';
import { createDrawer } from './incident.js';
import { installEstimate } from './estimate.js';
import { applyStatic, lang, setLang, onLangChange } from './i18n.js';
import { isConsole, startConsole } from './console.js';

const state = {
  map: null,
  loaded: false, // the map fired `load`
  idle: false, // every visible tile is loaded and drawn
  style: null,
  catalog: new Map(), // name → {title, fields, minzoom, ...}: REST list, overlaid by /catalog
  counts: new Map(), // name → feature count from /api/v1/layers
  byLayer: new Map(), // Lookout layer → its style layer ids
  visible: new Map(), // Lookout layer → shown?
  groups: [],
  swatches: new Map(),
  ranges: new Map(),
  popup: null,
  live: new Map(), // live layer → {clusterBelow, minzoom, maxzoom}, from the catalogue
  liveFeed: null, // live.js: the WebSocket feed, once the map is loaded
  feed: null, // feed.js: the alert feed panel
  flash: null, // feed.js: pulsing rings on the map
  queue: null, // incidents.js: the open incidents (right column)
  drawer: null, // incident.js: one incident's detail and actions (left)
  estimate: null, // estimate.js: the open incident's location estimate on the map
  styleError: null, // no style: no map
  countsError: null, // no counts: the wall still draws
  mapError: null, // last MapLibre error (e.g. a tile failed)
  fatal: null, // the map itself failed to start (e.g. no WebGL)
};

// A read-only hook for tests and for poking around in the console.
const hook = () => Object.freeze({
  get map() { return state.map; },
  get mapLoaded() { return state.loaded; },
  get idle() { return state.idle; },
  get error() { return (state.fatal ?? state.styleError)?.message ?? null; },
  get mapError() { return state.mapError; }, // the last MapLibre 'error' event, shown in the status line
  get lang() { return lang(); },
  get groups() { return state.groups.map((g) => ({ domain: g.domain, layers: [...g.layers] })); },
  /** Style layer ids of a Lookout layer, e.g. styleLayers('districts'). */
  styleLayers: (name) => [...(state.byLayer.get(name) ?? [])],
  visible: (name) => state.visible.get(name) !== false,
  /** The live feed (live.js hook): socket, channel(name), feature(layer, id), drawn(layer, id), log, settled. */
  get live() { return state.liveFeed?.hook ?? null; },
  /** The alert feed panel: {open, unread, entries}. */
  get feed() { return state.feed && { open: state.feed.open, unread: state.feed.unread, entries: state.feed.entries }; },
  /** The incident queue: {loaded, ids} (ids in the order shown). */
  get queue() { return state.queue && { loaded: state.queue.loaded, ids: state.queue.ids }; },
  /** The incident drawer: {id, status, version, evidence, timeline, enabled, message, …, overlay: what estimate.js draws}. */
  get incident() { return state.drawer && { ...state.drawer.state, overlay: state.estimate.features }; },
});

const list = document.getElementById('layer-list');
const legend = document.getElementById('legend');
const status = document.getElementById('status');
const langButton = document.getElementById('lang');
const liveEl = document.getElementById('live');
const feedEl = document.getElementById('feed');
const queueEl = document.getElementById('queue');
const drawerEl = document.getElementById('incident');

const isVisible = (name) => state.visible.get(name) !== false;
// The legend explains what is on screen: ticked layers the style draws at
// the current zoom (at city scale that leaves out stalls, kitchens, …).
const onScreen = (name) => {
  if (!isVisible(name)) return false;
  const [lo, hi] = state.ranges.get(name) ?? [0, 24];
  const z = state.map?.getZoom() ?? 0;
  return z >= lo && z < hi;
};
const redrawStatus = () => renderStatus(status, state);
const redrawLive = () => renderLive(liveEl, state.liveFeed?.status() ?? null);

function startWall() {
  window.__lookout = hook();
  applyStatic();
  langButton.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  onLangChange((l) => {
    if (state.loaded) applyLabelLanguage(state.map, l);
    renderPanel();
    state.popup?.rerender();
    state.feed?.rerender();
    state.queue?.rerender();
    state.drawer?.rerender();
    redrawStatus();
    redrawLive();
  });
  redrawStatus();
  start().catch((err) => {
    // Only the map itself failing gets here (e.g. no WebGL); say so on screen.
    state.fatal = err;
    redrawStatus();
    console.error('lookout: start failed:', err);
  });
}

function renderPanel() {
  renderList(list, state, toggle);
  if (state.map) markZoom(list, state.ranges, state.map.getZoom());
  renderLegend(legend, state.style, onScreen);
}

function toggle(name, visible) {
  state.visible.set(name, visible);
  if (state.loaded) setVisible(state.map, state.byLayer.get(name) ?? [], visible);
  renderLegend(legend, state.style, onScreen);
  state.liveFeed?.schedule(); // an unticked live layer is not subscribed
}

// Frame the city beside the panel (left) and the right column, unless the
// window is too small for that much padding.
function padding() {
  const wide = window.innerWidth > 1000;
  return { top: 30, bottom: 30, left: wide ? 330 : 20, right: wide ? 330 : 20 };
}

// The map left uncovered by the drawer (or the panel) and the right column,
// where an incident is framed; less padding when that would leave too little.
function freeArea() {
  const left = document.getElementById(drawerEl.hidden ? 'panel' : 'incident').getBoundingClientRect().right;
  const right = window.innerWidth - document.getElementById('right').getBoundingClientRect().left;
  const pad = { top: 60, bottom: 60, left: left + 30, right: right + 30 };
  return pad.left + pad.right > window.innerWidth - 200 ? { top: 40, bottom: 40, left: 40, right: 40 } : pad;
}

async function start() {
  const restP = fetchLayers().catch((err) => {
    state.countsError = err;
    return [];
  });
  // The catalogue only adds to the REST list (same titles and fields), so
  // the wall still labels popups when it fails.
  const catalogP = fetchCatalog().catch((err) => {
    console.warn('lookout: catalogue:', err);
    return [];
  });
  try {
    state.style = await fetchStyle('wall');
  } catch (err) {
    state.styleError = err;
    redrawStatus();
    return;
  }
  const [rest, catalog] = await Promise.all([restP, catalogP]);
  for (const l of rest) {
    state.catalog.set(l.name, l);
    if (Number.isFinite(l.count)) state.counts.set(l.name, l.count);
  }
  for (const l of catalog) state.catalog.set(l.name, { ...state.catalog.get(l.name), ...l });
  // The queue needs no map: it starts from the REST list at once.
  if (state.catalog.has('incidents')) {
    queueEl.hidden = false;
    state.queue = createQueue(queueEl, { onOpen: openIncident });
  }

  // Live layers are drawn from GeoJSON copies fed by the WebSocket where
  // they are single points; the style is rewritten before the map exists.
  state.live = liveLayersOf(state.catalog);
  state.style = liveStyle(state.style, state.live);
  const { style } = state;
  state.byLayer = styleLayersByLookout(style);
  state.groups = groupsOf(style, state.byLayer);
  state.swatches = swatches(style);
  state.ranges = zoomRanges(style);
  for (const [name, ids] of state.byLayer) {
    const own = style.layers.filter((l) => ids.includes(l.id));
    state.visible.set(name, own.some((l) => l.layout?.visibility !== 'none'));
  }
  renderPanel();

  const map = createMap('map', style, { bounds: boundsOf(rest), lang: lang(), padding: padding() });
  state.map = map;
  map.on('error', (e) => {
    // Handled here, so MapLibre does not print it as a console error; the
    // wall keeps running and says what failed in the status line.
    state.mapError = e.error?.message ?? String(e.error ?? 'unknown');
    console.warn('lookout: map:', e.error ?? e);
    redrawStatus();
  });
  map.on('dataloading', () => {
    if (state.idle) {
      state.idle = false;
      redrawStatus();
    }
  });
  map.on('idle', () => {
    state.idle = true;
    redrawStatus();
  });
  map.on('zoomend', () => {
    markZoom(list, state.ranges, map.getZoom());
    renderLegend(legend, state.style, onScreen);
  });
  await new Promise((resolve) => map.once('load', resolve));
  state.loaded = true;
  // A toggle clicked before `load` is applied now.
  for (const [name, ids] of state.byLayer) setVisible(map, ids, isVisible(name));
  markZoom(list, state.ranges, map.getZoom());
  renderLegend(legend, state.style, onScreen);
  // A click on an incident or one of its alerts (on the map, in the feed or
  // the queue) opens the incident's drawer.
  state.popup = installPopup(map, state.catalog, {
    onPick: (layer, id, props) => {
      const inc = layer === 'incidents' ? id : layer === 'alerts' ? props?.incident : null;
      if (!inc || !state.drawer) return false;
      openIncident(inc);
      return true;
    },
  });
  if (state.queue) {
    state.estimate = installEstimate(map, { padding: freeArea });
    state.drawer = createDrawer(drawerEl, {
      below: document.querySelector('#panel header'),
      catalog: state.catalog,
      estimate: state.estimate,
      onChange: ({ evidence, timeline, ...feature }) => state.queue.put(feature),
      onClose: () => state.queue.select(null),
      // The same app at dispatch (relative: wherever the server mounts it).
      consoleLink: (id) => `dispatch?incident=${encodeURIComponent(id)}`,
    });
  }
  startLiveFeed(map);
  redrawStatus();
}

// The name an operator knows a feature by: the catalogue's label field
// (name, plate, title…), else a few usual ones, else its id.
function labelOf(layer, props) {
  const field = state.catalog.get(layer)?.label;
  const v = (field && props[field]) || props.name || props.plate || props.title || props.code || props.building;
  return v ? String(v) : String(props.id ?? '');
}

function startLiveFeed(map) {
  if (state.live.size === 0) return; // nothing live for this caller: no socket, no feed
  state.flash = installFlash(map);
  feedEl.hidden = false;
  state.feed = createFeed(feedEl, { catalog: state.catalog, onPick: pick });
  state.liveFeed = startLive(map, {
    live: state.live,
    isVisible,
    labelOf,
    // The queue, the drawer, the feed and the counts follow every incident
    // and alert, even with their layers unticked.
    always: ['incidents', 'alerts'],
    onWatch: (ev) => {
      state.queue?.watch(ev);
      state.drawer?.watch(ev);
    },
    onStatus: redrawLive,
    onCount: (name, n) => {
      state.counts.set(name, n);
      setCount(list, name, n);
    },
    onEntry: (e) => {
      state.feed.add(e);
      if (e.coordinates) state.flash.flash(e.coordinates);
    },
  });
  redrawLive();
  setInterval(redrawLive, 1000); // "3 s ago" keeps counting
}

/** Opens an incident's drawer: detail, actions, its estimate on the map. */
function openIncident(id) {
  if (!state.drawer) return; // before the map is loaded: nothing to draw on yet
  state.popup?.popup.remove();
  state.drawer.open(id);
  state.queue.select(id);
}

// A feed entry was clicked: an incident (or an alert of one) opens its
// drawer; anything else flies to where the feature is now (a vehicle may
// have moved on), close enough to see it as a single point, and opens its popup.
function pick(e) {
  const inc = e.incident ? e.id : e.incidentId;
  if (inc && state.drawer) {
    openIncident(inc);
    return;
  }
  const map = state.map;
  const at = state.liveFeed.position(e.layer, e.id) ?? e.coordinates;
  if (!at) return;
  const spec = state.live.get(e.layer);
  const zoom = Math.min(map.getMaxZoom(), Math.max(map.getZoom(), spec?.clusterBelow ?? 0, 14));
  state.popup.popup.remove();
  map.flyTo({ center: at, zoom, speed: 1.6, essential: true });
  let done = false;
  const open = () => {
    if (done) return;
    done = true;
    const now = state.liveFeed.position(e.layer, e.id) ?? at;
    state.popup.open(e.layer, e.id, { lng: now[0], lat: now[1] }, state.liveFeed.hook.feature(e.layer, e.id)?.properties ?? {});
  };
  map.once('moveend', open);
  setTimeout(open, 5000); // in case the flight was a no-op and fired nothing
}

if (isConsole()) startConsole();
// The forest view (ECharts, h3-js) is a chunk of its own, loaded only there.
else if (/\/forest(\.html)?\/?$/.test(location.pathname)) import('./forest.js').then((m) => m.startForest(), (err) => console.error('lookout: forest view failed to load:', err));
// The track replay is a chunk of its own too.
else if (/\/replay(\.html)?\/?$/.test(location.pathname)) import('./replay.js').then((m) => m.startReplay(), (err) => console.error('lookout: replay failed to load:', err));
else startWall();

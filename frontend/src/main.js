// Entry point of the map wall. The server's style says everything about what
// is drawn and how (sources = Lookout's vector tiles, layers, legend, panel
// groups); this file fetches it with the catalogue and the REST layer list
// (titles, field titles, counts), starts the map, and wires panel, legend,
// popup and language switch together.

// MapLibre's stylesheet first, ours after it: our dark overrides of its
// popup and controls win by coming later at equal specificity.
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { fetchStyle, fetchCatalog, fetchLayers } from './api.js';
import { createMap, applyLabelLanguage, boundsOf, setVisible, styleLayersByLookout, zoomRanges } from './map.js';
import { groupsOf, renderList, markZoom, renderStatus } from './panel.js';
import { renderLegend, swatches } from './legend.js';
import { installPopup } from './popup.js';
import { applyStatic, lang, setLang, onLangChange } from './i18n.js';

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
  styleError: null, // no style: no map
  countsError: null, // no counts: the wall still draws
  mapError: null, // last MapLibre error (e.g. a tile failed)
  fatal: null, // the map itself failed to start (e.g. no WebGL)
};

// A read-only hook for tests and for poking around in the console.
window.__lookout = Object.freeze({
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
});

const list = document.getElementById('layer-list');
const legend = document.getElementById('legend');
const status = document.getElementById('status');
const langButton = document.getElementById('lang');

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

applyStatic();
langButton.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
onLangChange((l) => {
  if (state.loaded) applyLabelLanguage(state.map, l);
  renderPanel();
  state.popup?.rerender();
  redrawStatus();
});
redrawStatus();

function renderPanel() {
  renderList(list, state, toggle);
  if (state.map) markZoom(list, state.ranges, state.map.getZoom());
  renderLegend(legend, state.style, onScreen);
}

function toggle(name, visible) {
  state.visible.set(name, visible);
  if (state.loaded) setVisible(state.map, state.byLayer.get(name) ?? [], visible);
  renderLegend(legend, state.style, onScreen);
}

// Frame the city beside the panel (left) and the legend (right), unless the
// window is too small for that much padding.
function padding() {
  const wide = window.innerWidth > 1000;
  return { top: 30, bottom: 30, left: wide ? 330 : 20, right: wide ? 250 : 20 };
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
  state.popup = installPopup(map, state.catalog);
  redrawStatus();
}

start().catch((err) => {
  // Only the map itself failing gets here (e.g. no WebGL); say so on screen.
  state.fatal = err;
  redrawStatus();
  console.error('lookout: start failed:', err);
});

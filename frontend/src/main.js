// Entry point: starts the map and the catalogue request in parallel, then
// loads every layer's features page by page and keeps the panel in step.

// MapLibre's stylesheet first, ours after it: our dark overrides of its
// popup and controls win by coming later at equal specificity.
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { fetchLayers, fetchAllFeatures } from './api.js';
import { createMap, installLayers, installPopup, setFeatures, setVisible } from './map.js';
import { renderList, updateRow, renderStatus } from './panel.js';
import { applyStatic, lang, setLang, onLangChange, t } from './i18n.js';

// Per-layer feature cap until the wall switches to vector tiles: GeoJSON
// sources live in the browser's memory, and 20k points per layer is what a
// map wall handles smoothly.
const FEATURE_CAP = 20000;
const PAGE_SIZE = 1000;
const PARALLEL = 3; // layers loaded at once; keeps the server and the tab responsive

const state = {
  map: null,
  order: [], // layer names in catalogue order
  layers: {}, // name → {meta, features, status, capped, error, visible, colour, mapLayers}
  mapLoaded: false,
  dataLoaded: false,
  error: null, // the catalogue request's failure, if any
  fatal: null, // the map itself failed to start (e.g. no WebGL)
};

// A read-only hook for tests and for poking around in the console.
window.__lookout = Object.freeze({
  get map() { return state.map; },
  get mapLoaded() { return state.mapLoaded; },
  get dataLoaded() { return state.dataLoaded; },
  get error() { return (state.fatal ?? state.error)?.message ?? null; },
  get layers() {
    return state.order.map((name) => {
      const e = state.layers[name];
      return { name, count: e.meta.count, loaded: e.features.length, capped: e.capped,
        status: e.status, error: e.error?.message ?? null };
    });
  },
});

const list = document.getElementById('layer-list');
const status = document.getElementById('status');
const langButton = document.getElementById('lang');

applyStatic();
langButton.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
onLangChange(() => {
  renderList(list, state, toggle);
  renderStatus(status, state);
});
status.textContent = t('loading');

function toggle(name, visible) {
  state.layers[name].visible = visible;
  if (state.map) setVisible(state.map, state.layers[name].mapLayers, visible);
}

// Pads a layer's bounds a hair so a server comparing edges strictly cannot
// drop the outermost feature, clamped to valid WGS84 so it is never rejected.
function bboxOf(bounds) {
  const e = 1e-6;
  const [w, s, east, n] = bounds;
  return [Math.max(-180, w - e), Math.max(-90, s - e), Math.min(180, east + e), Math.min(90, n + e)];
}

async function loadLayer(name) {
  const entry = state.layers[name];
  const bounds = entry.meta.bounds;
  if (!Array.isArray(bounds) || bounds.length !== 4) {
    entry.status = 'done'; // null bounds means the layer is empty: nothing to ask for
    updateRow(list, entry);
    renderStatus(status, state);
    return;
  }
  entry.status = 'loading';
  updateRow(list, entry);
  try {
    const { features, capped } = await fetchAllFeatures(name, {
      bbox: bboxOf(bounds), cap: FEATURE_CAP, pageSize: PAGE_SIZE,
      onPage: (features) => {
        entry.features = features;
        setFeatures(state.map, name, features);
        updateRow(list, entry);
      },
    });
    entry.features = features;
    entry.capped = capped;
    setFeatures(state.map, name, features);
    entry.status = 'done';
  } catch (err) {
    entry.status = 'error';
    entry.error = err;
    console.warn(`lookout: layer ${name}:`, err); // a warning, not an error: the wall goes on
  }
  updateRow(list, entry);
  renderStatus(status, state);
}

// Base layers first so the districts appear before the thousands of points.
async function loadAll() {
  const queue = [...state.order].sort(
    (a, b) => (state.layers[b].meta.domain === 'base') - (state.layers[a].meta.domain === 'base'));
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) await loadLayer(name);
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

async function start() {
  const catalogue = fetchLayers().catch((err) => {
    state.error = err;
    return [];
  });
  const map = await createMap('map');
  state.map = map;
  state.mapLoaded = true;

  const layers = await catalogue;
  state.order = layers.map((l) => l.name);
  for (const meta of layers) {
    state.layers[meta.name] = {
      meta, features: [], status: 'queued', capped: false, error: null, visible: true,
      colour: null, mapLayers: [],
    };
  }
  for (const [name, { colour, ids }] of installLayers(map, layers)) {
    Object.assign(state.layers[name], { colour, mapLayers: ids });
  }
  installPopup(map, state);
  renderList(list, state, toggle);
  renderStatus(status, state);

  await loadAll();
  state.dataLoaded = true;
  renderStatus(status, state);
}

start().catch((err) => {
  // Only the map itself failing gets here (e.g. no WebGL); say so on screen.
  state.fatal = err;
  renderStatus(status, state);
  console.error('lookout: start failed:', err);
});

// The MapLibre map: an offline style (background only — the districts layer
// is the base map until there is a tile server), one GeoJSON source per
// catalogue layer, and a property popup on click.

import maplibregl from 'maplibre-gl';
import { BACKGROUND, colourFor, mapLayersFor, swatchFor } from './style.js';
import { t, pick } from './i18n.js';

const EMPTY = { type: 'FeatureCollection', features: [] };

/** Creates the map over Chongqing and resolves once its style has loaded. */
export function createMap(container) {
  const map = new maplibregl.Map({
    container,
    // No sprite and no glyphs on purpose: both would be fetched from a URL,
    // and the wall must work offline. So: no symbol (text/icon) layers yet.
    style: {
      version: 8,
      sources: {},
      layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
    },
    center: [107.7, 30.0],
    zoom: 6.5,
    minZoom: 3,
    maxZoom: 20,
    attributionControl: { compact: true },
  });
  map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  return new Promise((resolve) => map.once('load', () => resolve(map)));
}

/**
 * Adds an empty source and its styled map layers for each catalogue layer,
 * all at once and in draw order, so pages that arrive later in any order
 * never change what is drawn above what. Returns, per layer name, its swatch
 * colour and the ids of its map layers.
 */
export function installLayers(map, layers) {
  const installed = new Map();
  const specs = [];
  let thematic = 0;
  for (const layer of layers) {
    const colour = colourFor(layer.domain === 'base' ? 0 : thematic++);
    map.addSource(layer.name, {
      type: 'geojson',
      data: EMPTY,
      // Feature ids become the index in our array, so a click can find the
      // original feature (its string id and unflattened properties).
      generateId: true,
      attribution: layer.attribution || undefined,
    });
    const own = mapLayersFor(layer, colour);
    installed.set(layer.name, { colour: swatchFor(layer, colour), ids: own.map((l) => l.id) });
    specs.push(...own);
  }
  // Stable sort: within a rank the catalogue order is kept.
  specs.sort((a, b) => a.rank - b.rank);
  for (const { rank, ...spec } of specs) map.addLayer(spec);
  return installed;
}

/** Replaces the features drawn for a layer. */
export function setFeatures(map, name, features) {
  map.getSource(name)?.setData({ type: 'FeatureCollection', features });
}

/** Shows or hides the given map layers (those of one catalogue layer). */
export function setVisible(map, ids, visible) {
  for (const id of ids) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
}

/**
 * On click, shows the properties of the top-most feature under the pointer.
 * `state.layers` is read at click time, so the popup sees the latest data.
 */
export function installPopup(map, state) {
  // Our map layer ids, not the background (and not whatever comes later).
  const ids = Object.values(state.layers).flatMap((e) => e.mapLayers);
  // A few pixels of slack: points and thin lines are hard to hit exactly.
  const around = ({ x, y }, r = 4) => [[x - r, y - r], [x + r, y + r]];
  const popup = new maplibregl.Popup({ maxWidth: '360px', closeButton: true });

  map.on('click', (e) => {
    const hit = map.queryRenderedFeatures(around(e.point), { layers: ids })[0];
    if (!hit) return;
    const entry = state.layers[hit.source];
    // Prefer our copy (string id, nested values intact); MapLibre's copy has
    // only the generated index as id and flattened nested properties.
    const feature = entry.features?.[hit.id] ?? { properties: hit.properties };
    popup.setLngLat(e.lngLat).setDOMContent(popupContent(entry.meta, feature)).addTo(map);
  });
  map.on('mousemove', (e) => {
    const over = map.queryRenderedFeatures(around(e.point), { layers: ids }).length > 0;
    map.getCanvas().style.cursor = over ? 'pointer' : '';
  });
  return popup;
}

// Built with DOM nodes and textContent, never innerHTML: property values come
// from sensors and integrators and must not be able to inject markup.
function popupContent(meta, feature) {
  const root = document.createElement('div');
  root.className = 'lk-popup';
  const h = document.createElement('h3');
  h.textContent = pick(meta.title, meta.name);
  root.append(h);

  const rows = [];
  if (feature.id !== undefined && feature.id !== null) rows.push([t('featureId'), feature.id]);
  // Label each property with its schema title in the UI language, with its
  // unit, in schema order; anything not in the schema keeps its raw name.
  const props = { ...(feature.properties ?? {}) };
  for (const f of meta.fields ?? []) {
    if (!(f.name in props)) continue;
    const unit = f.unit ? ` (${f.unit})` : '';
    rows.push([pick(f.title, f.name) + unit, props[f.name]]);
    delete props[f.name];
  }
  for (const [k, v] of Object.entries(props)) rows.push([k, v]);
  if (rows.length === 0) {
    const p = document.createElement('p');
    p.textContent = t('noProperties');
    root.append(p);
    return root;
  }
  const table = document.createElement('table');
  for (const [k, v] of rows) {
    const tr = table.insertRow();
    const th = document.createElement('th');
    th.textContent = k;
    const td = tr.insertCell();
    td.textContent = v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
    tr.prepend(th);
  }
  root.append(table);
  return root;
}

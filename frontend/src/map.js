// The MapLibre map, drawn entirely from the server's style and vector tiles.
// The style is the single source of truth for how things look; this module
// only reads its Lookout metadata: which style layers belong to which Lookout
// layer (for the visibility toggles) and which label expressions to use in
// each language.

import maplibregl from 'maplibre-gl';
import { authorize } from './api.js';

const LAYER_KEY = 'lookout:layer';
const TEXT_KEY = 'lookout:text';

// CJK glyphs are drawn in the browser from these system fonts instead of
// being fetched as glyph PBFs: tens of thousands of ideographs would be
// megabytes of ranges, and the wall is offline. Latin text still comes from
// the style's glyphs ("Go Regular"/"Go Bold", served by Lookout itself).
// WenQuanYi Micro Hei is what Debian's fonts-wqy-microhei installs.
export const LOCAL_CJK_FONTS =
  "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', " +
  "'Microsoft YaHei', 'Droid Sans Fallback', sans-serif";

/** The Lookout layer a style layer draws, or null (background etc.). */
export function lookoutLayerOf(styleLayer) {
  return styleLayer?.metadata?.[LAYER_KEY] ?? null;
}

/** Lookout layer name → ids of its style layers, in style (draw) order. */
export function styleLayersByLookout(style) {
  const out = new Map();
  for (const l of style.layers ?? []) {
    const name = lookoutLayerOf(l);
    if (!name) continue;
    if (!out.has(name)) out.set(name, []);
    out.get(name).push(l.id);
  }
  return out;
}

/**
 * Sets every label layer's text-field to the expression the style gives for
 * lang. Works on a style object before the map exists (so the first frame is
 * already in the right language) and on a live map.
 */
export function applyLabelLanguage(target, lang) {
  const layers = target instanceof maplibregl.Map ? target.getStyle().layers : target.layers;
  for (const l of layers ?? []) {
    const expr = l.metadata?.[TEXT_KEY]?.[lang];
    if (expr === undefined) continue;
    if (target instanceof maplibregl.Map) target.setLayoutProperty(l.id, 'text-field', expr);
    else l.layout = { ...l.layout, 'text-field': expr };
  }
}

/** Shows or hides the given style layers (those of one Lookout layer). */
export function setVisible(map, ids, visible) {
  for (const id of ids) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}

/**
 * The union of the layers' bounds from the REST layer list, or null. Every
 * demo layer lies in Chongqing, so this frames the city without the frontend
 * naming a place.
 */
export function boundsOf(restLayers) {
  let b = null;
  for (const { bounds: x } of restLayers) {
    if (!Array.isArray(x) || x.length !== 4 || !x.every(Number.isFinite)) continue;
    b = b ? [Math.min(b[0], x[0]), Math.min(b[1], x[1]), Math.max(b[2], x[2]), Math.max(b[3], x[3])] : [...x];
  }
  return b;
}

/**
 * Creates the map from a style object (already fetched, so its metadata is
 * known before the first frame). `bounds`, when known, frames the whole city
 * beside the side panel; otherwise the style's own center/zoom apply.
 */
export function createMap(container, style, { bounds, lang, padding } = {}) {
  applyLabelLanguage(style, lang);
  const map = new maplibregl.Map({
    container,
    style,
    ...(bounds ? { bounds, fitBoundsOptions: { padding } } : {}),
    ...(!bounds && !style.center ? { center: [107.7, 30.0], zoom: 6.5 } : {}),
    minZoom: 3,
    maxZoom: 20,
    localIdeographFontFamily: LOCAL_CJK_FONTS,
    transformRequest: authorize,
    attributionControl: { compact: true },
  });
  map.addControl(new maplibregl.NavigationControl({ visualizePitch: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  return map;
}

/**
 * Lookout layer name → [minzoom, maxzoom) over all its style layers: the
 * zooms at which the wall draws anything of it.
 */
export function zoomRanges(style) {
  const out = new Map();
  for (const l of style.layers ?? []) {
    const name = lookoutLayerOf(l);
    if (!name) continue;
    const lo = l.minzoom ?? 0;
    const hi = l.maxzoom ?? 24;
    const r = out.get(name);
    out.set(name, r ? [Math.min(r[0], lo), Math.max(r[1], hi)] : [lo, hi]);
  }
  return out;
}

/** The GeoJSON source that holds the live copy of a Lookout layer. */
export const liveSourceId = (name) => `live-${name}`;

/**
 * The live layers of the catalogue: name → {clusterBelow, minzoom, maxzoom}
 * for each point layer marked `live: true`. clusterBelow is 0 when the layer
 * is never clustered (incidents, hot spots): it is always drawn live.
 */
export function liveLayersOf(catalog) {
  const out = new Map();
  for (const [name, l] of catalog) {
    if (l?.live !== true || l.geometry !== 'point') continue;
    const c = Number(l.cluster_below);
    out.set(name, {
      clusterBelow: Number.isFinite(c) && c > 0 ? c : 0,
      minzoom: Number.isFinite(l.minzoom) ? l.minzoom : 0,
      maxzoom: Number.isFinite(l.maxzoom) ? l.maxzoom : 24,
    });
  }
  return out;
}

// A style layer that draws clusters (or their counts) only: its filter
// requires point_count. It stays on the tiles at every zoom.
const isClusterLayer = (l) => JSON.stringify(l.filter ?? null) === '["has","point_count"]';

/**
 * Rewrites the style (a fetched object, before the map exists) so that each
 * live layer is drawn from its own GeoJSON source, fed by the WebSocket, at
 * the zooms where it is drawn as single points (from cluster_below up, or
 * always when it has none), and from the tiles below that. Every non-cluster
 * style layer of a live layer gets a copy right after it: same paint, layout,
 * filter and metadata (so colours, labels and the panel toggles stay those
 * of the style), source `live-{layer}`, no source-layer, minzoom raised to
 * cluster_below; the tile original gets maxzoom = cluster_below, or is
 * dropped when the layer is never clustered. Returns the style.
 */
export function liveStyle(style, live) {
  const layers = [];
  const used = new Set();
  for (const l of style.layers ?? []) {
    const name = lookoutLayerOf(l);
    const spec = name && live.get(name);
    if (!spec || l.type === 'background' || isClusterLayer(l)) {
      layers.push(l);
      continue;
    }
    const c = spec.clusterBelow;
    if (c > 0 && (l.minzoom ?? 0) < c) layers.push({ ...l, maxzoom: Math.min(l.maxzoom ?? 24, c) });
    const copy = { ...l, id: `live:${l.id}`, source: liveSourceId(name), metadata: { ...l.metadata, 'lookout:live': true } };
    delete copy['source-layer'];
    if (c > 0) copy.minzoom = Math.max(l.minzoom ?? 0, c);
    layers.push(copy);
    used.add(name);
  }
  const sources = { ...style.sources };
  for (const name of used) {
    sources[liveSourceId(name)] = { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, buffer: 32, tolerance: 0.2 };
  }
  return { ...style, sources, layers };
}

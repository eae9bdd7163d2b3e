// Where the open incident is, and how sure we are, on the map: a GeoJSON
// source and style layers of their own, on top of everything, added when
// the drawer shows an incident and removed when it closes.
//
//   incident   a ring on the incident's point;
//   circle     its location uncertainty: radius_m around the point (dashed);
//   area       each evidence alert's `area` (a GeoJSON Polygon): the cone
//              intersection of a smoke triangulation (estimate "located",
//              solid red) or one camera's view sector ("sector", dashed amber);
//   ray        from each source camera (subject_layer "cameras", position
//              from the REST API) to the alert's point, the smoke estimate;
//   camera / estimate   the ends of those rays.

import { fetchFeature } from './api.js';

export const SOURCE = 'incident-estimate';
const EMPTY = { type: 'FeatureCollection', features: [] };
const kind = (...k) => ['match', ['get', 'kind'], k, true, false];

const LAYERS = [
  { id: `${SOURCE}-fill`, type: 'fill', filter: kind('area', 'circle'), paint: {
    'fill-color': ['match', ['get', 'kind'], 'circle', '#ffd166', ['match', ['get', 'estimate'], 'sector', '#ff9f1c', '#ff5a5f']],
    'fill-opacity': ['match', ['get', 'kind'], 'circle', 0.08, ['match', ['get', 'estimate'], 'sector', 0.14, 0.28]],
  } },
  { id: `${SOURCE}-outline`, type: 'line', filter: ['all', kind('area'), ['!=', ['get', 'estimate'], 'sector']],
    paint: { 'line-color': '#ff5a5f', 'line-width': 2 } },
  { id: `${SOURCE}-dashed`, type: 'line', filter: ['any', kind('circle'), ['all', kind('area'), ['==', ['get', 'estimate'], 'sector']]],
    paint: { 'line-color': ['match', ['get', 'kind'], 'circle', '#ffd166', '#ff9f1c'], 'line-width': 1.5, 'line-dasharray': [3, 2] } },
  { id: `${SOURCE}-rays`, type: 'line', filter: kind('ray'), layout: { 'line-cap': 'round' },
    paint: { 'line-color': '#35c4ff', 'line-width': 1.5, 'line-dasharray': [2, 2] } },
  { id: `${SOURCE}-points`, type: 'circle', filter: kind('incident', 'camera', 'estimate'), paint: {
    'circle-radius': ['match', ['get', 'kind'], 'incident', 12, 'camera', 5, 3.5],
    'circle-color': ['match', ['get', 'kind'], 'incident', 'rgba(0, 0, 0, 0)', 'camera', '#35c4ff', '#ffffff'],
    'circle-stroke-color': ['match', ['get', 'kind'], 'incident', '#ffffff', '#060b14'],
    'circle-stroke-width': ['match', ['get', 'kind'], 'incident', 2.5, 1],
    'circle-pitch-alignment': 'map',
  } },
];

const M_PER_DEG = 111_320;

/** A polygon approximating the circle of r metres around [lon, lat]. */
export function circle([lon, lat], r, n = 64) {
  const ring = [];
  const k = Math.cos((lat * Math.PI) / 180);
  for (let i = 0; i <= n; i++) {
    const a = ((i % n) / n) * 2 * Math.PI;
    ring.push([lon + (r * Math.sin(a)) / (M_PER_DEG * k), lat + (r * Math.cos(a)) / M_PER_DEG]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

const metres = ([x1, y1], [x2, y2]) =>
  Math.hypot((x2 - x1) * Math.cos((((y1 + y2) / 2) * Math.PI) / 180), y2 - y1) * M_PER_DEG;

const isPoint = (g) => g?.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.every(Number.isFinite);
const isArea = (g) => (g?.type === 'Polygon' || g?.type === 'MultiPolygon') && Array.isArray(g.coordinates);

// Cameras do not move: each position is asked for once.
const cameras = new Map(); // id → Promise<[lon, lat] | null>
function cameraAt(id) {
  if (!cameras.has(id)) {
    cameras.set(id, fetchFeature('cameras', id).then((f) => (isPoint(f.geometry) ? f.geometry.coordinates : null), () => null));
  }
  return cameras.get(id);
}

const feature = (geometry, properties) => ({ type: 'Feature', geometry, properties });

/** The overlay of an incident detail (GET /api/v1/incidents/{id}) as a FeatureCollection. */
export async function overlayOf(detail) {
  const out = [];
  const at = isPoint(detail?.geometry) ? detail.geometry.coordinates : null;
  const r = Number(detail?.properties?.radius_m);
  if (at && r > 0) out.push(feature(circle(at, r), { kind: 'circle', radius_m: r }));
  const areas = new Set();
  const rays = new Set();
  const evidence = Array.isArray(detail?.evidence) ? detail.evidence : [];
  await Promise.all(evidence.map(async (e) => {
    const p = e?.properties ?? {};
    const key = JSON.stringify(p.area ?? null);
    if (isArea(p.area) && !areas.has(key)) {
      areas.add(key);
      out.push(feature(p.area, { kind: 'area', estimate: p.estimate === 'sector' ? 'sector' : 'located', alert: String(e.id) }));
    }
    if (p.subject_layer !== 'cameras' || !p.subject || !isPoint(e.geometry)) return;
    const cam = await cameraAt(String(p.subject));
    const to = e.geometry.coordinates;
    if (!cam || metres(cam, to) < 1 || rays.has(`${cam}>${to}`)) return;
    rays.add(`${cam}>${to}`);
    out.push(feature({ type: 'LineString', coordinates: [cam, to] }, { kind: 'ray', camera: String(p.subject), alert: String(e.id) }),
      feature({ type: 'Point', coordinates: cam }, { kind: 'camera', camera: String(p.subject) }),
      feature({ type: 'Point', coordinates: to }, { kind: 'estimate', alert: String(e.id) }));
  }));
  if (at) out.push(feature({ type: 'Point', coordinates: at }, { kind: 'incident', id: String(detail.id) }));
  return { type: 'FeatureCollection', features: out };
}

/** [w, s, e, n] over every coordinate of a FeatureCollection, or null. */
export function extent(fc) {
  let b = null;
  const add = (c) => {
    if (typeof c[0] === 'number') {
      b = b ? [Math.min(b[0], c[0]), Math.min(b[1], c[1]), Math.max(b[2], c[0]), Math.max(b[3], c[1])] : [c[0], c[1], c[0], c[1]];
    } else c.forEach(add);
  };
  for (const f of fc.features) add(f.geometry.coordinates);
  return b;
}

/**
 * The overlay on map. show(detail, {fit}) draws an incident (fit: fly there
 * and frame it beside the panels, padding() says how much is covered);
 * clear() removes source and layers.
 */
export function installEstimate(map, { padding }) {
  let token = 0;
  let shown = null;

  function ensure() {
    if (map.getSource(SOURCE)) return;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
    for (const l of LAYERS) map.addLayer({ ...l, source: SOURCE });
  }

  function frame(fc) {
    const b = extent(fc);
    if (!b) return;
    // A point alone: close enough to see it as a single dot (never zooming
    // out); an area: all of it. cameraForBounds, not padding on flyTo: that
    // would stay on the map's transform and shift every later camera move.
    const point = metres([b[0], b[1]], [b[2], b[3]]) < 50;
    const cam = map.cameraForBounds(b, { padding: padding(), maxZoom: point ? Math.max(map.getZoom(), 14) : 15 });
    map.flyTo({ ...(cam ?? { center: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] }), bearing: map.getBearing(), speed: 1.6, essential: true });
  }

  return {
    async show(detail, { fit = false } = {}) {
      const mine = ++token;
      const fc = await overlayOf(detail);
      if (mine !== token) return; // closed or another incident meanwhile
      ensure();
      map.getSource(SOURCE).setData(fc);
      shown = fc;
      if (fit) frame(fc);
    },
    clear() {
      token++;
      shown = null;
      for (const l of LAYERS) if (map.getLayer(l.id)) map.removeLayer(l.id);
      if (map.getSource(SOURCE)) map.removeSource(SOURCE);
    },
    /** What is drawn, for tests: [{kind, estimate?, camera?, geometry}]. */
    get features() {
      return (shown?.features ?? []).map((f) => ({ ...f.properties, geometry: f.geometry }));
    },
    layers: LAYERS.map((l) => l.id),
  };
}

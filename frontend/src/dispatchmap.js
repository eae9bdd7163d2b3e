// The dispatch console's overlay on the map, above everything else: the
// recommended responders ringed and numbered by rank with a dashed line
// to the incident (the cursor's and ticked ones brighter), and the
// responders sent to it ringed in the colour of their task state with a
// solid line to the incident. Positions are where the live feed last drew
// each responder (live.js glides them), read four times a second, so the
// lines follow a responder on its way.

const SOURCE = 'dispatch-overlay';
const EMPTY = { type: 'FeatureCollection', features: [] };
const TICK = 250;

const TASK_COLOR = ['match', ['get', 'state'], 'assigned', '#ff9f1c', 'en_route', '#ffd166', 'on_scene', '#48bb78', '#a0aec0'];
const is = (role) => ['==', ['get', 'role'], role];

const LAYERS = [
  { id: `${SOURCE}-cand-lines`, type: 'line', filter: ['all', ['==', ['geometry-type'], 'LineString'], is('candidate')],
    layout: { 'line-cap': 'round' },
    paint: { 'line-color': '#35c4ff', 'line-width': ['case', ['==', ['get', 'hot'], true], 2, 1.2], 'line-opacity': ['case', ['==', ['get', 'hot'], true], 0.95, 0.55],
      'line-dasharray': [2, 2] } },
  { id: `${SOURCE}-task-lines`, type: 'line', filter: ['all', ['==', ['geometry-type'], 'LineString'], is('task')],
    layout: { 'line-cap': 'round' }, paint: { 'line-color': TASK_COLOR, 'line-width': 2.5, 'line-opacity': 0.9 } },
  { id: `${SOURCE}-rings`, type: 'circle', filter: ['==', ['geometry-type'], 'Point'], paint: {
    'circle-radius': ['case', is('task'), 12, ['==', ['get', 'hot'], true], 11, 9],
    'circle-color': ['case', ['==', ['get', 'ticked'], true], 'rgba(53, 196, 255, 0.35)', 'rgba(0, 0, 0, 0)'],
    'circle-stroke-color': ['case', is('task'), TASK_COLOR, '#35c4ff'],
    'circle-stroke-width': ['case', is('task'), 3, ['==', ['get', 'hot'], true], 2.5, 1.5],
    'circle-pitch-alignment': 'map',
  } },
  { id: `${SOURCE}-ranks`, type: 'symbol', filter: ['all', ['==', ['geometry-type'], 'Point'], is('candidate')], layout: {
    'text-field': ['to-string', ['get', 'rank']], 'text-font': ['Go Bold'], 'text-size': 12,
    'text-offset': [1.1, -1.1], 'text-allow-overlap': true, 'text-ignore-placement': true,
  }, paint: { 'text-color': '#ffffff', 'text-halo-color': '#0b1627', 'text-halo-width': 2 } },
];

const round = (c) => c.map((x) => Math.round(x * 1e6) / 1e6);

/**
 * Installs the overlay on map. position(responderId) → [lon, lat] where the
 * responder is drawn now, or null. set({incident, candidates, tasks})
 * replaces what is shown: incident [lon, lat]; candidates [{id, rank,
 * point, hot, ticked}]; tasks [{responder, state}] (active ones).
 * frame(padding) fits the incident and everyone shown into the view.
 */
export function installDispatchOverlay(map, { position }) {
  let want = { incident: null, candidates: [], tasks: [] };
  let last = '';
  let timer = null;

  function ensure() {
    if (map.getSource(SOURCE)) return;
    map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
    for (const l of LAYERS) map.addLayer({ ...l, source: SOURCE });
  }

  const where = (id, fallback) => {
    const p = position(id);
    return p ? round(p) : fallback ? round(fallback) : null;
  };

  function build() {
    const inc = want.incident;
    const out = [];
    if (!inc) return out;
    const tasked = new Set(want.tasks.map((x) => x.responder));
    for (const c of want.candidates) {
      if (tasked.has(c.id)) continue; // drawn as a task
      const p = where(c.id, c.point);
      if (!p) continue;
      const props = { role: 'candidate', id: c.id, rank: c.rank, hot: Boolean(c.hot), ticked: Boolean(c.ticked) };
      out.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [p, inc] }, properties: props },
        { type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: props });
    }
    for (const x of want.tasks) {
      const p = where(x.responder, null);
      if (!p) continue;
      const props = { role: 'task', id: x.responder, state: x.state, hot: false, ticked: false };
      out.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [p, inc] }, properties: props },
        { type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: props });
    }
    return out;
  }

  function draw() {
    const features = build();
    const key = JSON.stringify(features);
    if (key === last) return;
    last = key;
    ensure();
    map.getSource(SOURCE).setData({ type: 'FeatureCollection', features });
  }

  return {
    set(next) {
      want = { incident: next.incident ?? null, candidates: next.candidates ?? [], tasks: next.tasks ?? [] };
      draw();
      clearInterval(timer);
      timer = want.incident ? setInterval(draw, TICK) : null;
    },
    clear() {
      want = { incident: null, candidates: [], tasks: [] };
      clearInterval(timer);
      timer = null;
      last = '';
      for (const l of LAYERS) if (map.getLayer(l.id)) map.removeLayer(l.id);
      if (map.getSource(SOURCE)) map.removeSource(SOURCE);
    },
    /** Fits the incident, the candidates and the tasked responders into the view. */
    frame(padding) {
      const pts = [];
      if (want.incident) pts.push(want.incident);
      for (const c of want.candidates) pts.push(where(c.id, c.point));
      for (const x of want.tasks) pts.push(where(x.responder, null));
      const ok = pts.filter(Boolean);
      if (!ok.length) return;
      const b = ok.reduce((a, [x, y]) => [Math.min(a[0], x), Math.min(a[1], y), Math.max(a[2], x), Math.max(a[3], y)],
        [Infinity, Infinity, -Infinity, -Infinity]);
      const cam = map.cameraForBounds(b, { padding, maxZoom: 15 });
      if (cam) map.flyTo({ ...cam, bearing: map.getBearing(), speed: 1.6, essential: true });
    },
    /** For tests: what is drawn: [{role, id, rank?, state?, geometry}]. */
    get features() {
      return build().map((f) => ({ ...f.properties, geometry: f.geometry }));
    },
    layers: LAYERS.map((l) => l.id),
  };
}

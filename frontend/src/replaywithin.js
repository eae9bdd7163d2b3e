// "Who was here": draw a polygon on the map (click the vertices, double-click
// to close, Esc to give up), ask GET /api/v1/history/within for the window,
// and list every visit with its entry and exit; a click on a row adds the
// object to the replay.

import { getJSON } from './api.js';
import { t, num, timeOfDay, duration } from './i18n.js';
import { el } from './incidentview.js';

export const DRAW_SOURCE = 'replay-draw';
const SAME_PX = 6; // a vertex this close to the one before is the double-click's echo

const fc = (features) => ({ type: 'FeatureCollection', features });

/** polygon=lon lat,lon lat,… of a ring (closed, as GeoJSON rings are), 6 decimals (~0.1 m). */
export function polygonParam(ring) {
  const r = ring.slice();
  const [a, z] = [r[0], r[r.length - 1]];
  if (a && (a[0] !== z[0] || a[1] !== z[1])) r.push(a);
  return r.map(([x, y]) => `${x.toFixed(6)} ${y.toFixed(6)}`).join(',');
}

/** The visits to the ring in [from, to] (epoch ms), by entry time; throws ApiError. */
export async function fetchWithin(ring, from, to, { layers, signal } = {}) {
  const body = await getJSON('/api/v1/history/within', {
    polygon: polygonParam(ring), from: new Date(from).toISOString(), to: new Date(to).toISOString(), layers: layers?.join(','),
  }, { signal });
  return (body?.visits ?? []).slice().sort((a, b) => Date.parse(a.enter) - Date.parse(b.enter) || String(a.id).localeCompare(String(b.id)));
}

/** The map layers of the drawing (added once, on top of everything but the markers). */
export function drawLayers() {
  return [
    { id: 'replay-draw-fill', type: 'fill', source: DRAW_SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#35c4ff', 'fill-opacity': 0.12 } },
    { id: 'replay-draw-line', type: 'line', source: DRAW_SOURCE, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#35c4ff', 'line-width': 2, 'line-dasharray': [3, 2] } },
    { id: 'replay-draw-vertex', type: 'circle', source: DRAW_SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#0b1627', 'circle-stroke-color': '#35c4ff', 'circle-stroke-width': 2 } },
  ];
}

/**
 * The drawing tool on a map whose style has DRAW_SOURCE. start() begins a
 * polygon; onClose(ring) when it is closed (≥ 3 vertices); onChange() on
 * every step. The polygon stays drawn until clear() or the next start().
 */
export function installDraw(map, { onClose, onChange }) {
  const s = { active: false, vertices: [], ring: null, hover: null };
  const redraw = () => {
    const f = [];
    if (s.ring) f.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [s.ring] } });
    else if (s.vertices.length) {
      const line = s.hover ? [...s.vertices, s.hover] : s.vertices;
      if (line.length > 1) f.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } });
      for (const v of s.vertices) f.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: v } });
    }
    map.getSource(DRAW_SOURCE)?.setData(fc(f));
    onChange?.();
  };
  const click = (e) => {
    s.vertices.push([e.lngLat.lng, e.lngLat.lat]);
    redraw();
  };
  const move = (e) => {
    s.hover = [e.lngLat.lng, e.lngLat.lat];
    if (s.vertices.length) redraw();
  };
  const dblclick = (e) => {
    e.preventDefault(); // no zoom
    // The double-click's own clicks added the last vertex twice: drop the echoes.
    const px = (v) => map.project(v);
    while (s.vertices.length > 1) {
      const [a, b] = [px(s.vertices.at(-2)), px(s.vertices.at(-1))];
      if (Math.hypot(a.x - b.x, a.y - b.y) > SAME_PX) break;
      s.vertices.pop();
    }
    if (s.vertices.length < 3) return; // not a polygon yet: keep drawing
    const ring = [...s.vertices, s.vertices[0]];
    stop();
    s.ring = ring;
    redraw();
    onClose(ring);
  };
  const key = (e) => {
    if (e.key === 'Escape') cancel();
  };
  function stop() {
    s.active = false;
    s.hover = null;
    s.vertices = [];
    map.off('click', click);
    map.off('mousemove', move);
    map.off('dblclick', dblclick);
    window.removeEventListener('keydown', key);
    map.getCanvas().style.cursor = '';
    // Re-enabled after this double-click has gone by.
    setTimeout(() => map.doubleClickZoom.enable(), 0);
  }
  function cancel() {
    if (!s.active) return;
    stop();
    redraw();
  }
  return {
    state: s,
    start() {
      if (s.active) stop();
      s.active = true;
      s.vertices = [];
      s.ring = null;
      map.doubleClickZoom.disable();
      map.getCanvas().style.cursor = 'crosshair';
      map.on('click', click);
      map.on('mousemove', move);
      map.on('dblclick', dblclick);
      window.addEventListener('keydown', key);
      redraw();
    },
    cancel,
    clear() {
      if (s.active) stop();
      s.ring = null;
      redraw();
    },
  };
}

/**
 * The "who was here" section: draw / clear buttons, the state of the query
 * and the visits. attach(map) once the map is loaded; refresh() asks again
 * for a new window (windowOf() → {from, to}); render() on a language or
 * selection change. onPick(visit) on a click on a row.
 */
export function createWithin({ windowOf, colorOf, titleOf, nameOf, onPick }) {
  const s = { ring: null, loading: false, error: null, visits: null, seq: 0 };
  let draw = null;
  const root = el('section', 'replay-within');
  root.id = 'replay-within';
  const h2 = el('h2');
  const buttons = el('div', 'buttons');
  const drawB = Object.assign(el('button', 'draw'), { type: 'button', id: 'replay-draw' });
  const clearB = Object.assign(el('button'), { type: 'button', id: 'replay-draw-clear' });
  buttons.append(drawB, clearB);
  const status = el('p', 'status');
  const list = el('ul', 'visits');
  list.id = 'replay-visits';
  root.append(h2, buttons, status, list);

  function render() {
    const d = draw?.state;
    h2.textContent = t('replay_within');
    drawB.textContent = d?.active ? t('replay_drawCancel') : t('replay_draw');
    drawB.classList.toggle('on', Boolean(d?.active));
    drawB.disabled = !draw;
    clearB.textContent = t('replay_drawClear');
    clearB.hidden = !s.ring || Boolean(d?.active);
    status.classList.toggle('error', Boolean(s.error));
    status.textContent = d?.active ? t('replay_drawing')
      : s.error ? t('replay_withinFailed', { msg: s.error.message })
        : s.loading ? t('replay_withinLoading')
          : s.visits ? (s.visits.length ? t('replay_withinCount', { n: s.visits.length }) : t('replay_withinNone')) : t('replay_withinHint');
    renderVisits(list, s.visits ?? [], { colorOf, titleOf, nameOf, onPick });
  }

  // The last answer wins: a new polygon or window makes an older one moot.
  async function query() {
    if (!s.ring) return;
    const seq = ++s.seq;
    Object.assign(s, { loading: true, error: null });
    render();
    const { from, to } = windowOf();
    try {
      const visits = await fetchWithin(s.ring, from, to);
      if (seq !== s.seq) return;
      Object.assign(s, { loading: false, visits });
    } catch (err) {
      if (seq !== s.seq) return;
      Object.assign(s, { loading: false, error: err, visits: null });
      console.warn('lookout: replay within:', err);
    }
    render();
  }

  drawB.addEventListener('click', () => {
    if (!draw) return;
    if (draw.state.active) draw.cancel();
    else draw.start();
    render();
  });
  clearB.addEventListener('click', () => {
    draw?.clear();
    Object.assign(s, { ring: null, visits: null, error: null, loading: false, seq: s.seq + 1 });
    render();
  });
  render();
  return {
    root,
    render,
    refresh: query,
    attach(map) {
      draw = installDraw(map, {
        onChange: render,
        onClose: (ring) => {
          s.ring = ring;
          query();
        },
      });
      render();
    },
    get state() { return { ...s }; },
    get draw() { return draw && { active: draw.state.active, vertices: draw.state.vertices.length, ring: draw.state.ring }; },
  };
}

/**
 * The visit list: one row per visit (the object's colour when it is in the
 * replay, name, layer, entry, exit, time inside); onPick(visit) on a click.
 */
export function renderVisits(list, visits, { colorOf, titleOf, nameOf = () => null, onPick }) {
  list.replaceChildren();
  for (const v of visits) {
    const key = `${v.layer}/${v.id}`;
    const li = el('li');
    li.dataset.key = key;
    li.title = t('replay_pickVisit');
    const sw = el('span', 'swatch');
    const c = colorOf(key);
    if (c) sw.style.setProperty('--c', c);
    else sw.classList.add('none');
    const enter = el('span', 'enter', timeOfDay(v.enter));
    if (v.inside_at_start) {
      enter.textContent = `≤ ${enter.textContent}`;
      enter.title = t('replay_insideStart');
    }
    const exit = el('span', 'exit', v.inside_at_end ? t('replay_stillInside') : timeOfDay(v.exit));
    if (v.inside_at_end) exit.title = t('replay_insideEnd');
    const stay = Date.parse(v.exit) - Date.parse(v.enter);
    const name = el('span', 'name', nameOf(key) || v.name || v.id);
    name.title = `${titleOf(v.layer)} · ${key}`;
    li.append(sw, name, enter, el('span', 'arrow', '→'), exit,
      el('span', 'stay', Number.isFinite(stay) ? duration(stay) : ''));
    li.dataset.enter = v.enter ?? '';
    li.dataset.exit = v.exit ?? '';
    li.addEventListener('click', () => onPick(v));
    list.append(li);
  }
  return num(visits.length);
}

// Track replay (轨迹回放), at /replay: choose objects — a case's
// co-defendants, a bureau's vehicles, a unit's responders, or any by id,
// name or plate — and a window, then play their tracks together.
//
//   ┌ bar: title · map wall · dispatch · forest · EN ─────────────────────────────┐
//   │ objects (replaypick.js)       │ map: each object's marker at its            │
//   │ window: 15 min · 1 h · 6 h ·  │ interpolated position, its trail so far     │
//   │   24 h · custom from/to       │ (the whole track faint), its stops as       │
//   │ legend (replaylegend.js):     │ circles with their duration; the polygon    │
//   │   colour, distance, stops     │ of "who was here"                           │
//   │ who was here (replaywithin.js)├─────────────────────────────────────────────┤
//   │                               │ ▶ 1× 10× 60× 300×  ───●─────────  14:05:12   │
//
// The objects, window and time are kept in the address (?ids=…&from=…&to=…),
// so a replay can be linked. `window.__lookout.replay` shows it to tests.

import { fetchStyle, fetchLayers } from './api.js';
import { createMap, applyLabelLanguage, lookoutLayerOf, boundsOf } from './map.js';
import { el } from './incidentview.js';
import { span } from './dispatchview.js';
import { t, lang, setLang, onLangChange, applyStatic } from './i18n.js';
import { createClock, createPlayer, createWindowPicker, presetWindow } from './replayclock.js';
import { fetchTracks, frameAt, fullFeatures, extentOf, positionAt, nextColor } from './replaytracks.js';
import { createPicker, loadDirectory, layerTitle, TRACKED } from './replaypick.js';
import { renderLegend } from './replaylegend.js';
import { DRAW_SOURCE, drawLayers, createWithin } from './replaywithin.js';

/** True on the replay's route: …/replay (or …/replay.html). */
export const isReplay = (path = location.pathname) => /\/replay(\.html)?\/?$/.test(path);

export const MAX_OBJECTS = 50;
const SHOWN = new Set(['districts', 'rivers']);
const SRC = { full: 'replay-full', trails: 'replay-trails', stops: 'replay-stops', markers: 'replay-markers' };
const empty = () => ({ type: 'FeatureCollection', features: [] });

/** The wall's style with only districts and rivers shown, and the replay's sources and layers on top. */
function replayStyle(style) {
  const font = style.layers.find((l) => l.type === 'symbol' && l.layout?.['text-font'])?.layout['text-font'] ?? ['Go Regular'];
  const layers = style.layers.map((l) => {
    const name = lookoutLayerOf(l);
    return name && !SHOWN.has(name) ? { ...l, layout: { ...l.layout, visibility: 'none' } } : l;
  });
  const round = { 'line-join': 'round', 'line-cap': 'round' };
  const color = ['get', 'color'];
  layers.push(
    { id: 'replay-full', type: 'line', source: SRC.full, layout: round, paint: { 'line-color': color, 'line-width': 2, 'line-opacity': 0.28 } },
    { id: 'replay-trail', type: 'line', source: SRC.trails, layout: round, paint: { 'line-color': color, 'line-width': 3.5, 'line-opacity': 0.95 } },
    { id: 'replay-stop', type: 'circle', source: SRC.stops, paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 8, 16, 18], 'circle-color': color, 'circle-opacity': 0.2,
      'circle-stroke-color': color, 'circle-stroke-width': 2, 'circle-stroke-opacity': ['case', ['get', 'over'], 0.9, 0.5],
    } },
    { id: 'replay-stop-label', type: 'symbol', source: SRC.stops, layout: {
      'text-field': ['get', 'label'], 'text-font': font, 'text-size': 11, 'text-anchor': 'bottom', 'text-offset': [0, -1.3],
    }, paint: { 'text-color': color, 'text-halo-color': '#070d17', 'text-halo-width': 1.5 } },
    ...drawLayers(),
    { id: 'replay-marker', type: 'circle', source: SRC.markers, paint: {
      'circle-radius': 7, 'circle-color': color, 'circle-opacity': ['match', ['get', 'state'], 'before', 0.15, 1],
      'circle-stroke-color': ['match', ['get', 'state'], 'before', color, '#ffffff'], 'circle-stroke-width': 2,
    } },
    { id: 'replay-marker-label', type: 'symbol', source: SRC.markers, layout: {
      'text-field': ['get', 'name'], 'text-font': font, 'text-size': 12, 'text-anchor': 'left', 'text-offset': [0.9, 0], 'text-optional': true,
    }, paint: { 'text-color': '#ffffff', 'text-halo-color': '#070d17', 'text-halo-width': 1.6 } },
  );
  const sources = { ...style.sources, [DRAW_SOURCE]: { type: 'geojson', data: empty() } };
  for (const id of Object.values(SRC)) sources[id] = { type: 'geojson', data: empty() };
  return { ...style, sources, layers };
}

/** The window and objects the address asks for: ?ids=layer/id,…&from=…&to=… (RFC 3339 or epoch ms). */
function fromAddress() {
  const q = new URLSearchParams(location.search);
  const time = (v) => (v == null ? NaN : /^\d+$/.test(v) ? Number(v) : Date.parse(v));
  const ids = (q.get('ids') ?? '').split(',').map((s) => s.trim()).filter((s) => /^[^/]+\/.+/.test(s));
  return { ids, from: time(q.get('from')), to: time(q.get('to')) };
}

export function startReplay() {
  const state = {
    map: null, loaded: false, layers: [], dir: null, selected: new Map(), // key → {key, layer, id, name, color}
    window: { from: 0, to: 0, preset: '1h' },
    tracks: new Map(), loading: false, error: null, capped: false, seq: 0, answered: 0, fitted: '',
  };
  const titleOf = (name) => layerTitle(state.layers)(name);
  const colorOf = (key) => state.selected.get(key)?.color ?? null;

  // ---- the page --------------------------------------------------------------
  document.body.classList.add('replay');
  for (const id of ['panel', 'right', 'incident']) document.getElementById(id)?.remove();
  const bar = el('header');
  bar.id = 'bar';
  const h1 = el('h1');
  const sub = el('span', 'sub');
  const spacer = el('span', 'stats');
  const links = ['./', 'dispatch', 'forest'].map((href) => Object.assign(el('a', 'to-wall'), { href }));
  const langButton = el('button');
  langButton.id = 'lang';
  langButton.type = 'button';
  bar.append(h1, sub, spacer, ...links, langButton);

  const side = el('aside', 'replay-side');
  side.id = 'replay-side';
  const picker = createPicker({ onAdd: (keys) => add(keys), isSelected: (k) => state.selected.has(k), titleOf });

  const win = createWindowPicker({ onPick: (from, to, preset) => setWindow(from, to, preset) });

  const legSec = el('section', 'replay-legend');
  legSec.id = 'replay-legend';
  const legHead = el('div', 'head');
  const legH = el('h2');
  const clearB = Object.assign(el('button', 'clear'), { type: 'button' });
  clearB.addEventListener('click', () => {
    state.selected.clear();
    changed();
  });
  legHead.append(legH, clearB);
  const legStatus = el('p', 'status');
  legStatus.id = 'replay-status';
  const legList = el('ul', 'objects');
  legSec.append(legHead, legStatus, legList);

  const within = createWithin({
    windowOf: () => state.window,
    colorOf, titleOf,
    nameOf: (key) => state.dir?.entries.get(key)?.name,
    onPick: (v) => add([`${v.layer}/${v.id}`], { [`${v.layer}/${v.id}`]: v.name }),
  });
  side.append(picker.root, win.root, legSec, within.root);

  const clock = createClock({ onChange: () => tick() });
  const player = createPlayer(clock);
  document.body.prepend(bar, side, player.root);

  // ---- rendering ----------------------------------------------------------------
  const renderBar = () => {
    h1.textContent = t('replay_title');
    sub.textContent = t('replay_sub');
    ['replay_wall', 'replay_dispatch', 'replay_forest'].forEach((k, i) => { links[i].textContent = t(k); });
    langButton.textContent = t('switchLang');
    langButton.title = t('switchLangTitle');
    document.title = t('replay_title');
  };

  function renderLegendSec() {
    legH.textContent = t('replay_legend', { n: state.selected.size });
    clearB.textContent = t('replay_clear');
    clearB.hidden = state.selected.size === 0;
    legStatus.classList.toggle('error', Boolean(state.error));
    legStatus.textContent = state.error ? t('replay_failed', { msg: state.error.message })
      : state.loading ? t('replay_loading')
        : state.capped ? t('replay_cap', { n: MAX_OBJECTS })
          : state.selected.size === 0 ? t('replay_legendEmpty') : '';
    renderLegend(legList, [...state.selected.values()], state.tracks, clock.state.t, {
      titleOf,
      onFocus: focus,
      onStop: (s) => {
        clock.pause();
        clock.seek(s.to);
        state.map?.flyTo({ center: s.center, zoom: Math.max(state.map.getZoom(), 15), essential: true });
      },
      onRemove: (key) => {
        state.selected.delete(key);
        changed();
      },
    });
  }

  const renderAll = () => {
    renderBar();
    picker.render();
    win.render(state.window);
    renderLegendSec();
    within.render();
    player.render();
  };

  // The map and the legend follow the clock: the map at most once a frame,
  // the legend (distance so far, stops reached) four times a second while playing.
  let framePending = false;
  let legendAt = 0;
  function tick() {
    player.render();
    if (!framePending) {
      framePending = true;
      requestAnimationFrame(() => {
        framePending = false;
        drawFrame();
      });
    }
    const now = performance.now();
    if (!clock.state.playing || now - legendAt > 250) {
      legendAt = now;
      renderLegendSec();
    }
  }

  const shown = () => [...state.tracks.values()].filter((tr) => state.selected.has(tr.key));
  const stopLabel = (ms) => t('replay_stopLabel', { d: span(ms / 1000) });
  function drawFrame() {
    if (!state.loaded) return;
    const f = frameAt(shown(), clock.state.t, { colorOf, stopLabel, nameOf: (tr) => state.selected.get(tr.key)?.name ?? tr.name });
    state.map.getSource(SRC.markers)?.setData(f.markers);
    state.map.getSource(SRC.trails)?.setData(f.trails);
    state.map.getSource(SRC.stops)?.setData(f.stops);
    state.frame = { t: clock.state.t, markers: f.markers.features.length, stops: f.stops.features.length };
  }
  const drawFull = () => state.loaded && state.map.getSource(SRC.full)?.setData(fullFeatures(shown(), colorOf));

  // ---- what is replayed -----------------------------------------------------------
  function add(keys, names = {}) {
    let capped = false;
    const used = new Set([...state.selected.values()].map((o) => o.color));
    for (const key of keys) {
      if (state.selected.has(key)) continue;
      if (state.selected.size >= MAX_OBJECTS) {
        capped = true;
        break;
      }
      const [layer, ...rest] = key.split('/');
      const e = state.dir?.entries.get(key);
      const color = nextColor(used, state.selected.size);
      used.add(color);
      state.selected.set(key, { key, layer, id: rest.join('/'), name: e?.name ?? names[key] ?? state.tracks.get(key)?.name ?? rest.join('/'), color });
    }
    state.capped = capped;
    changed();
  }

  function setWindow(from, to, preset) {
    state.window = { from, to, preset };
    clock.setWindow(from, to);
    win.render(state.window);
    changed();
    within.refresh();
  }

  // Selection or window changed: the address, the legend, the picker's ticks,
  // and the tracks again (150 ms later, the last answer wins).
  let loadTimer = null;
  function changed() {
    const q = new URLSearchParams(location.search);
    if (state.selected.size) q.set('ids', [...state.selected.keys()].join(','));
    else q.delete('ids');
    q.set('from', new Date(state.window.from).toISOString());
    q.set('to', new Date(state.window.to).toISOString());
    history.replaceState(null, '', `${location.pathname}?${q.toString().replace(/%2F/g, '/').replace(/%2C/g, ',').replace(/%3A/g, ':')}`);
    picker.render();
    drawFull();
    drawFrame();
    renderLegendSec();
    within.render();
    clearTimeout(loadTimer);
    state.loading = state.selected.size > 0;
    loadTimer = setTimeout(loadTracks, 150);
  }

  let abort = null;
  async function loadTracks() {
    const seq = ++state.seq;
    abort?.abort();
    const keys = [...state.selected.keys()];
    if (!keys.length) {
      Object.assign(state, { tracks: new Map(), loading: false, error: null, answered: seq });
      drawFull();
      drawFrame();
      renderLegendSec();
      return;
    }
    abort = new AbortController();
    const { from, to } = state.window;
    try {
      const answer = await fetchTracks(keys, from, to, { signal: abort.signal });
      if (seq !== state.seq) return;
      state.tracks = new Map(answer.tracks.map((tr) => [tr.key, tr]));
      for (const tr of answer.tracks) {
        const o = state.selected.get(tr.key);
        if (o && tr.name && o.name === o.id) o.name = tr.name; // the directory's name, else the server's
      }
      Object.assign(state, { loading: false, error: null, answered: seq });
    } catch (err) {
      if (seq !== state.seq || err.name === 'AbortError') return;
      Object.assign(state, { loading: false, error: err, answered: seq });
      console.warn('lookout: replay tracks:', err);
    }
    drawFull();
    drawFrame();
    renderLegendSec();
    within.render();
    frame();
  }

  // Frame every track once per choice of objects and window.
  function frame() {
    const what = `${[...state.selected.keys()].join(',')}|${state.window.from}|${state.window.to}`;
    if (!state.loaded || state.fitted === what) return;
    const b = extentOf(shown());
    if (!b) return;
    state.fitted = what;
    const pad = Math.min(80, state.map.getContainer().clientWidth / 8);
    state.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: pad, maxZoom: 16, duration: 600 });
  }

  function focus(key) {
    const tr = state.tracks.get(key);
    const pos = tr && positionAt(tr, clock.state.t);
    if (pos) state.map?.flyTo({ center: pos.at, zoom: Math.max(state.map.getZoom(), 15), essential: true });
  }

  // ---- test hook -----------------------------------------------------------------------
  window.__lookout = Object.freeze({
    get map() { return state.map; },
    get mapLoaded() { return state.loaded; },
    get lang() { return lang(); },
    get live() { return null; },
    mode: 'replay',
    get replay() {
      const tm = clock.state.t;
      return {
        directory: state.dir && { entries: state.dir.entries.size, errors: state.dir.errors },
        selected: [...state.selected.values()].map((o) => ({ ...o })),
        window: { ...state.window },
        clock: { ...clock.state },
        loading: state.loading,
        error: state.error && { status: state.error.status, message: state.error.message },
        answered: state.answered === state.seq && !state.loading,
        tracks: shown().map((tr) => ({
          key: tr.key, name: tr.name, color: colorOf(tr.key), points: tr.points.length, distance: tr.distance,
          stops: tr.stops.map((s) => ({ from: s.from, to: s.to, center: s.center })), position: positionAt(tr, tm),
          first: tr.points[0]?.[2] ?? null, last: tr.points.at(-1)?.[2] ?? null,
        })),
        frame: state.frame ?? null,
        draw: within.draw,
        within: within.state,
      };
    },
  });

  // ---- start -----------------------------------------------------------------------------
  applyStatic();
  langButton.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  onLangChange((l) => {
    if (state.loaded) applyLabelLanguage(state.map, l);
    renderAll();
    drawFrame();
  });
  window.addEventListener('keydown', (e) => {
    if (e.key !== ' ' || e.target.closest?.('input, button, select, textarea, a')) return;
    e.preventDefault();
    clock.toggle();
  });

  const asked = fromAddress();
  if (asked.from < asked.to) {
    state.window = { from: asked.from, to: asked.to, preset: 'custom' };
    clock.setWindow(asked.from, asked.to);
  } else setWindow(...presetWindow('1h'), '1h');
  renderAll();
  if (asked.ids.length) add(asked.ids);

  (async () => {
    const [wallStyle, rest] = await Promise.all([fetchStyle('wall'), fetchLayers().catch(() => [])]);
    state.layers = rest;
    loadDirectory(rest.length ? rest : TRACKED.map((name) => ({ name }))).then((dir) => {
      state.dir = dir;
      for (const o of state.selected.values()) {
        const e = dir.entries.get(o.key);
        if (e) o.name = e.name;
      }
      picker.render(dir);
      renderLegendSec();
    });
    const seen = rest.filter((l) => TRACKED.includes(l.name));
    const map = createMap('map', replayStyle(wallStyle), {
      bounds: boundsOf(seen.length ? seen : rest), lang: lang(), padding: { top: 30, bottom: 30, left: 30, right: 30 },
    });
    state.map = map;
    map.on('error', (e) => console.warn('lookout: map:', e.error ?? e));
    await new Promise((resolve) => map.once('load', resolve));
    state.loaded = true;
    within.attach(map);
    drawFull();
    drawFrame();
    renderAll();
    frame();
  })().catch((err) => console.error('lookout: replay failed to start:', err));
}

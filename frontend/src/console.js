// The dispatcher's console (一键交办), at /dispatch: the same page and modules
// as the map wall, laid out for one job — open an incident, send the right
// responders, follow them to the scene.
//
//   ┌ bar: title · today's alarm→disposal median against the target · live · map wall · keys · EN ┐
//   │ incident queue │ the open incident: stage clock,          │ map: the incident, the       │
//   │ (incidents.js) │ recommendations (recommend.js),          │ recommended responders with  │
//   │                │ assignments (assignments.js), actions,   │ lines to it, the ones sent   │
//   │                │ evidence, timeline (incident.js)         │ moving towards it (live)     │
//
// One WebSocket (live.js, the city channel) carries incidents, alerts,
// responders and assignments over the whole city: responders are drawn one
// by one at every zoom here (the wall clusters them below z11), and
// assignments, hidden on the wall, are what the console follows. Nothing is
// polled but the recommendation (every 15 s, responders move) and the
// statistics headline (every minute).

import { fetchStyle, fetchCatalog, fetchLayers, fetchResponseStats } from './api.js';
import { createMap, applyLabelLanguage, boundsOf, liveLayersOf, liveStyle, lookoutLayerOf } from './map.js';
import { renderLive } from './panel.js';
import { installPopup } from './popup.js';
import { startLive } from './live.js';
import { createQueue } from './incidents.js';
import { createDrawer } from './incident.js';
import { installEstimate } from './estimate.js';
import { createStages } from './stages.js';
import { createRecommend } from './recommend.js';
import { createAssignments } from './assignments.js';
import { installDispatchOverlay } from './dispatchmap.js';
import { ACTIVE_TASK, span } from './dispatchview.js';
import { el } from './incidentview.js';
import { t, lang, setLang, onLangChange, applyStatic } from './i18n.js';
import './console.css';

/** True on the console's route: …/dispatch (or …/dispatch.html). */
export function isConsole(path = location.pathname) {
  return /\/dispatch(\.html)?\/?$/.test(path);
}

/** The Lookout layers the console's map shows; the others stay in the style, switched off. */
const SHOWN = new Set(['districts', 'rivers', 'incidents', 'responders', 'hotspots']);
/** Live layers the console subscribes to (all over the city, never clustered). */
const LIVE = ['incidents', 'alerts', 'responders', 'assignments', 'hotspots'];
const ALWAYS_LIVE = ['responders', 'assignments'];
/** The drawer's lifecycle buttons here: dispatching is done from the recommendations. */
const BUTTONS = ['ack', 'verify', 'arrive', 'resolve', 'dismiss'];
const STATS_EVERY = 60_000;

const isClusterLayer = (l) => JSON.stringify(l.filter ?? null) === '["has","point_count"]';

// A responder on a task is drawn in its task state's colour (as its ring
// in the overlay); a free one as the wall draws it (by availability).
const TASK_COLOR = ['match', ['get', 'task_state'], 'assigned', '#ff9f1c', 'en_route', '#ffd166', 'on_scene', '#48bb78', '#ff9f1c'];

/**
 * The wall's style made the console's: only SHOWN layers visible, no
 * cluster layers for the layers drawn live at every zoom, responders
 * coloured by task.
 */
export function consoleStyle(style, forced) {
  const layers = [];
  for (const l of style.layers ?? []) {
    const name = lookoutLayerOf(l);
    if (name && forced.has(name) && isClusterLayer(l)) continue;
    let x = l;
    if (name && !SHOWN.has(name)) x = { ...x, layout: { ...x.layout, visibility: 'none' } };
    if (name === 'responders' && x.type === 'circle' && x.paint?.['circle-color']) {
      x = { ...x, paint: { ...x.paint, 'circle-color': ['case', ['to-boolean', ['get', 'task']], TASK_COLOR, x.paint['circle-color']] } };
    }
    layers.push(x);
  }
  return { ...style, layers };
}

/** Today's midnight in Asia/Shanghai (UTC+8, no daylight saving), as an ISO time. */
function todayInShanghai(now = Date.now()) {
  const d = new Date(now + 8 * 3600_000);
  d.setUTCHours(0, 0, 0, 0);
  return new Date(d.getTime() - 8 * 3600_000).toISOString();
}

export function startConsole() {
  const state = {
    map: null, loaded: false, idle: false, style: null, catalog: new Map(), live: new Map(),
    liveFeed: null, queue: null, drawer: null, estimate: null, overlay: null, popup: null,
    styleError: null, fatal: null, mapError: null, stats: null, statsError: null, framed: false,
  };

  // ---- the page --------------------------------------------------------------
  document.body.classList.add('console');
  for (const id of ['panel', 'right']) document.getElementById(id)?.remove();
  const bar = el('header', null);
  bar.id = 'bar';
  const h1 = el('h1');
  const sub = el('span', 'sub');
  const stats = el('span', 'stats');
  const liveEl = el('div', 'live');
  liveEl.id = 'live';
  liveEl.append(el('span', 'dot'), el('span', 'label'));
  const help = el('span', 'help');
  const wall = el('a', 'to-wall');
  wall.href = './'; // the map wall: the same app at the root
  const langButton = el('button', null);
  langButton.id = 'lang';
  langButton.type = 'button';
  bar.append(h1, sub, stats, liveEl, help, wall, langButton);
  const queueEl = el('aside', null);
  queueEl.id = 'queue';
  const drawerEl = document.getElementById('incident');
  const pickEl = el('div', 'console-pick');
  pickEl.id = 'console-pick';
  const statusEl = el('p', 'console-status');
  pickEl.append(el('p', 'hint'), statusEl);
  document.body.prepend(bar, queueEl, pickEl);

  const stages = createStages();
  const drawerOf = () => state.drawer;
  const responder = (id) => state.liveFeed?.hook.feature('responders', id) ?? null;
  const rec = createRecommend({
    status: () => drawerOf()?.detail?.properties?.status ?? state.queue?.feature(drawerOf()?.id)?.properties?.status ?? null,
    operator: () => drawerOf().operator,
    note: () => drawerOf().note,
    clearNote: () => drawerOf().clearNote(),
    responder,
    onAnswer: () => {
      redrawOverlay();
      if (!state.framed && rec.answer && state.overlay) {
        state.framed = true;
        state.overlay.frame(mapPadding());
      }
    },
    onDispatched: (f) => {
      const { assignments, evidence, timeline, ...feature } = f;
      state.queue?.put(feature);
      asg.putAll(assignments);
    },
  });
  const asg = createAssignments({
    operator: () => drawerOf().operator,
    note: () => drawerOf().note,
    responder,
    onChange: () => redrawOverlay(),
  });

  function renderChrome() {
    document.title = `${t('consoleTitle')} · ${t('consoleSubtitle')}`;
    h1.textContent = t('consoleTitle');
    sub.textContent = t('consoleSubtitle');
    help.textContent = t('consoleHelp');
    wall.textContent = t('consoleWall');
    wall.title = t('consoleWallTitle');
    langButton.textContent = t('switchLang');
    langButton.title = t('switchLangTitle');
    pickEl.querySelector('.hint').textContent = t('consolePick');
    renderStats();
    renderStatus();
  }

  function renderStatus() {
    const err = state.fatal ?? state.styleError;
    statusEl.classList.toggle('error', Boolean(err || state.mapError));
    statusEl.textContent = err ? t(state.fatal ? 'startFailed' : 'styleFailed', { msg: err.message })
      : !state.loaded ? t('loading') : state.mapError ? t('mapError', { msg: state.mapError }) : '';
  }

  const redrawLive = () => renderLive(liveEl, state.liveFeed?.status() ?? null);

  // ---- the statistics headline ---------------------------------------------------
  function renderStats() {
    const s = state.stats;
    stats.replaceChildren();
    stats.hidden = !s;
    if (!s) return;
    const target = Number(s.target_s);
    const r = s.overall?.stages?.resolved;
    stats.append(el('span', 'what', t('statsToday')));
    if (r?.n > 0 && Number.isFinite(r.p50_s)) {
      const p50 = el('b', 'p50', t('statsP50', { t: span(r.p50_s) }));
      p50.dataset.level = Number.isFinite(target) && r.p50_s > target ? 'late' : 'ok';
      stats.append(p50);
      if (Number.isFinite(r.p90_s)) stats.append(el('span', null, t('statsP90', { t: span(r.p90_s) })));
      const share = s.overall?.within_target_share;
      if (Number.isFinite(share)) stats.append(el('span', null, t('statsShare', { p: Math.round(share * 100) })));
    } else stats.append(el('span', null, t('statsNone')));
    if (Number.isFinite(target)) stats.append(el('span', 'target', t('statsTarget', { t: span(target) })));
  }

  async function loadStats() {
    try {
      state.stats = await fetchResponseStats({ from: todayInShanghai() });
      state.statsError = null;
      stages.setTarget(Number(state.stats.target_s));
    } catch (err) {
      state.statsError = err;
      console.warn('lookout: response statistics:', err);
    }
    renderStats();
  }

  // ---- opening and closing an incident ------------------------------------------
  function mapPadding() {
    const c = state.map?.getContainer();
    const small = c && (c.clientWidth < 500 || c.clientHeight < 400);
    return small ? { top: 30, bottom: 30, left: 30, right: 30 } : { top: 70, bottom: 50, left: 60, right: 70 };
  }

  function openIncident(id) {
    if (!state.drawer) return; // before the map is loaded
    state.popup?.popup.remove();
    const same = state.drawer.id === String(id);
    if (!same) state.framed = false;
    pickEl.hidden = true;
    state.drawer.open(id);
    state.queue.select(id);
    stages.update(state.queue.feature(id)?.properties ?? null);
    rec.open(id);
    asg.open(id);
    // The keys act on the recommendations now (not on the queue row clicked).
    rec.list.focus({ preventScroll: true });
    drawerEl.scrollTop = 0;
  }

  function closed() {
    state.queue?.select(null);
    rec.close();
    asg.close();
    stages.update(null);
    state.overlay?.clear();
    pickEl.hidden = false;
  }

  /** J/K: the next or previous incident of the queue as it is shown. */
  function step(d) {
    const ids = state.queue?.ids ?? [];
    if (!ids.length) return;
    const i = ids.indexOf(state.drawer?.id);
    const next = i < 0 ? (d > 0 ? 0 : ids.length - 1) : (i + d + ids.length) % ids.length;
    openIncident(ids[next]);
  }

  function redrawOverlay() {
    const o = state.overlay;
    const id = state.drawer?.id;
    if (!o || id === null || id === undefined) return;
    const d = state.drawer.detail;
    const at = (d?.geometry?.type === 'Point' && d.geometry.coordinates) || rec.answer?.point ||
      state.queue.feature(id)?.geometry?.coordinates || null;
    const r = rec.state;
    o.set({
      incident: at,
      candidates: (rec.offering ? rec.answer?.candidates ?? [] : []).map((c) => ({ id: c.id, rank: c.rank, point: c.point,
        hot: c.id === r.cursor, ticked: r.selected.includes(c.id) })),
      tasks: asg.state.filter((a) => ACTIVE_TASK.includes(a.state)).map((a) => ({ responder: a.responder, state: a.state })),
    });
  }

  // ---- keys ---------------------------------------------------------------------
  document.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tgt = ev.target instanceof Element ? ev.target : document.body;
    if (tgt.closest('textarea, select, [contenteditable="true"]') || (tgt.matches('input') && tgt.type !== 'checkbox')) return; // typing
    const k = ev.key;
    if (tgt.closest('#queue')) {
      // In the queue the arrows walk the rows; Enter and Space are the row's own.
      if (k === 'ArrowDown' || k === 'ArrowUp') {
        const li = tgt.closest('.inc');
        const to = li ? (k === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling) : queueEl.querySelector('.inc');
        to?.focus();
        ev.preventDefault();
        return;
      }
      if (k === 'Enter' || k === ' ') return;
    }
    if ((k === 'Enter' || k === ' ') && tgt.closest('button, a, input')) return; // the control's own
    let done = true;
    if (k === 'j' || k === 'J') step(+1);
    else if (k === 'k' || k === 'K') step(-1);
    else if (state.drawer?.id === null || state.drawer?.id === undefined) done = false;
    else if (/^[1-9]$/.test(k)) done = rec.pick(Number(k));
    else if (k === 'ArrowDown') rec.move(+1);
    else if (k === 'ArrowUp') rec.move(-1);
    else if (k === ' ') rec.toggle();
    else if (k === 'Enter') rec.enter();
    else if (k === 'r' || k === 'R') rec.refresh(0);
    else if (k === 'f' || k === 'F') state.overlay?.frame(mapPadding());
    else done = false;
    if (done) ev.preventDefault();
  });

  // ---- language -------------------------------------------------------------------
  applyStatic();
  langButton.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  onLangChange((l) => {
    if (state.loaded) applyLabelLanguage(state.map, l);
    renderChrome();
    state.popup?.rerender();
    state.queue?.rerender();
    state.drawer?.rerender();
    stages.rerender();
    rec.rerender();
    asg.rerender();
    redrawLive();
  });
  renderChrome();

  // ---- the test hook ----------------------------------------------------------------
  window.__lookout = Object.freeze({
    mode: 'console',
    get map() { return state.map; },
    get mapLoaded() { return state.loaded; },
    get idle() { return state.idle; },
    get error() { return (state.fatal ?? state.styleError)?.message ?? null; },
    get mapError() { return state.mapError; },
    get lang() { return lang(); },
    get live() { return state.liveFeed?.hook ?? null; },
    get queue() { return state.queue && { loaded: state.queue.loaded, ids: state.queue.ids }; },
    get incident() { return state.drawer && { ...state.drawer.state, overlay: state.estimate.features }; },
    /** The console: {recommend, assignments, stages, overlay, stats}. */
    get dispatch() {
      return { recommend: rec.state, assignments: asg.state, assignmentsMessage: asg.message, stages: stages.state,
        overlay: state.overlay?.features ?? [], stats: state.stats, statsError: state.statsError?.message ?? null };
    },
  });

  // ---- start -------------------------------------------------------------------------
  async function start() {
    const restP = fetchLayers().catch((err) => {
      console.warn('lookout: layers:', err);
      return [];
    });
    const catalogP = fetchCatalog().catch((err) => {
      console.warn('lookout: catalogue:', err);
      return [];
    });
    try {
      state.style = await fetchStyle('wall');
    } catch (err) {
      state.styleError = err;
      renderStatus();
      return;
    }
    const [rest, catalog] = await Promise.all([restP, catalogP]);
    for (const l of rest) state.catalog.set(l.name, l);
    for (const l of catalog) state.catalog.set(l.name, { ...state.catalog.get(l.name), ...l });
    state.queue = createQueue(queueEl, { onOpen: openIncident });
    loadStats();
    setInterval(loadStats, STATS_EVERY);

    // Every console layer live over the whole city, one by one at every zoom.
    const live = new Map();
    for (const [name, spec] of liveLayersOf(state.catalog)) {
      if (LIVE.includes(name)) live.set(name, ALWAYS_LIVE.includes(name) ? { ...spec, clusterBelow: 0 } : spec);
    }
    state.live = live;
    const forced = new Set([...live].filter(([, s]) => s.clusterBelow === 0).map(([n]) => n));
    const style = consoleStyle(liveStyle(state.style, live), forced);

    const map = createMap('map', style, { bounds: boundsOf(rest), lang: lang(), padding: { top: 30, bottom: 30, left: 30, right: 30 } });
    state.map = map;
    map.on('error', (e) => {
      state.mapError = e.error?.message ?? String(e.error ?? 'unknown');
      console.warn('lookout: map:', e.error ?? e);
      renderStatus();
    });
    map.on('dataloading', () => { state.idle = false; });
    map.on('idle', () => { state.idle = true; });
    await new Promise((resolve) => map.once('load', resolve));
    state.loaded = true;
    renderStatus();

    state.popup = installPopup(map, state.catalog, {
      onPick: (layer, id, props) => {
        const inc = layer === 'incidents' ? id : layer === 'alerts' ? props?.incident : null;
        if (inc) {
          openIncident(inc);
          return true;
        }
        if (layer === 'responders') rec.point(String(id)); // and its popup opens
        return false;
      },
    });
    const estimate = installEstimate(map, { padding: mapPadding });
    state.estimate = estimate;
    state.overlay = installDispatchOverlay(map, {
      position: (id) => state.liveFeed?.hook.drawn('responders', id) ?? state.liveFeed?.position('responders', id) ?? null,
    });
    state.drawer = createDrawer(drawerEl, {
      below: null,
      catalog: state.catalog,
      // The console frames the incident with its responders itself.
      estimate: { show: (d) => estimate.show(d, { fit: false }), clear: () => estimate.clear() },
      sections: [stages.root, rec.root, asg.root],
      buttons: BUTTONS,
      escape: () => rec.clear(),
      onChange: (d) => {
        const { evidence, timeline, assignments, ...feature } = d;
        state.queue.put(feature);
        stages.update(d.properties);
        asg.putAll(assignments);
        rec.statusChanged();
        redrawOverlay();
      },
      onClose: closed,
    });

    state.liveFeed = startLive(map, {
      live,
      isVisible: (name) => SHOWN.has(name),
      labelOf: (layer, p) => String(p.name || p.title || p.id || ''),
      always: ['incidents', 'alerts', ...ALWAYS_LIVE],
      watch: ['incidents', 'responders', 'assignments'],
      onWatch: (ev) => {
        if (ev.layer === 'incidents') {
          state.queue.watch(ev);
          state.drawer.watch(ev);
          const open = state.drawer.id;
          if (ev.op === 'put' && String(ev.feature?.id) === open && state.drawer.detail) {
            stages.update(state.drawer.detail.properties);
            rec.statusChanged();
            redrawOverlay();
          }
        } else if (ev.layer === 'assignments') asg.watch(ev);
        else if (ev.layer === 'responders' && ev.op === 'put') {
          const rid = String(ev.feature.id);
          rec.responderChanged(rid, ev.feature.properties, ev.prev);
          asg.responderChanged(rid);
        }
      },
      onStatus: redrawLive,
    });
    redrawLive();
    setInterval(redrawLive, 1000);
    // A deep link: /dispatch?incident=inc-… (or #inc-…) opens it at once.
    const want = new URLSearchParams(location.search).get('incident') || decodeURIComponent(location.hash.slice(1));
    if (want) openIncident(want);
  }

  start().catch((err) => {
    state.fatal = err;
    renderStatus();
    console.error('lookout: console start failed:', err);
  });
}

// The side panel: Lookout layers grouped as the style's "lookout:groups" says
// (forest, vehicles, markets, custody, incidents, base map), each row with
// a visibility checkbox, a swatch from the legend, the title in the current
// language and the feature count. Rows are rebuilt only on a language change;
// counts and zoom hints are updated in place, so a checkbox never loses focus.

import { t, pick, num } from './i18n.js';
import { swatch } from './legend.js';

/**
 * The panel's groups: the style's groups in its order, keeping only layers
 * the map actually draws, then an "other" group for drawn layers no group
 * names (so a new server layer is never unreachable from the panel).
 */
export function groupsOf(style, drawn) {
  const raw = style?.metadata?.['lookout:groups'];
  const groups = [];
  const placed = new Set();
  for (const g of Array.isArray(raw) ? raw : []) {
    const layers = (g?.layers ?? []).filter((n) => drawn.has(n) && !placed.has(n));
    layers.forEach((n) => placed.add(n));
    if (layers.length) groups.push({ domain: g.domain, title: g.title, layers });
  }
  const rest = [...drawn.keys()].filter((n) => !placed.has(n));
  if (rest.length) groups.push({ domain: 'other', title: null, layers: rest });
  return groups;
}

/**
 * Renders the list into `list`. state: {groups, catalog: Map, counts: Map,
 * visible: Map, swatches: Map}. onToggle(name, visible) on a checkbox change.
 */
export function renderList(list, state, onToggle) {
  list.replaceChildren();
  for (const g of state.groups) {
    const section = document.createElement('section');
    section.className = 'domain';
    section.dataset.domain = g.domain;
    const h = document.createElement('h3');
    h.textContent = g.title ? pick(g.title, g.domain) : t('otherGroup');
    section.append(h);
    for (const name of g.layers) section.append(row(name, state, onToggle));
    list.append(section);
  }
}

function row(name, state, onToggle) {
  const meta = state.catalog.get(name) ?? { name };
  const el = document.createElement('label');
  el.className = 'layer';
  el.dataset.layer = name;
  el.title = name; // the API name, for operators who talk to integrators

  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = state.visible.get(name) !== false;
  box.addEventListener('change', () => onToggle(name, box.checked));

  const sw = state.swatches.get(name);
  const mark = sw ? swatch(sw) : document.createElement('span');
  if (!sw) mark.className = 'swatch none';

  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = pick(meta.title, name);

  const count = document.createElement('span');
  count.className = 'count';
  const n = state.counts.get(name);
  // data-count lets the smoke test read the number without parsing text.
  if (Number.isFinite(n)) {
    el.dataset.count = n;
    count.textContent = num(n);
  }
  el.classList.toggle('is-empty', n === 0);
  el.append(box, mark, title, count);
  return el;
}

/** Updates one layer's count in place (the live feed knows some counts exactly). */
export function setCount(list, name, n) {
  const el = list.querySelector(`.layer[data-layer="${CSS.escape(name)}"]`);
  if (!el || Number(el.dataset.count) === n) return;
  el.dataset.count = n;
  el.querySelector('.count').textContent = num(n);
  el.classList.toggle('is-empty', n === 0);
}

/**
 * Dims the rows of layers the style does not draw at zoom z (e.g. stalls
 * before zoom 15), so an operator knows why a ticked layer shows nothing.
 * ranges: name → [minzoom, maxzoom) from the style layers (map.js zoomRanges).
 */
export function markZoom(list, ranges, z) {
  for (const el of list.querySelectorAll('.layer')) {
    const name = el.dataset.layer;
    const [lo, hi] = ranges.get(name) ?? [0, 24];
    const out = z < lo || z >= hi;
    el.classList.toggle('out-of-zoom', out);
    el.title = out ? `${name} · z${lo}–${hi}` : name;
  }
}

/** The footer line: an error if something failed, else what the map is doing. */
export function renderStatus(el, state) {
  el.className = 'status';
  const err = state.fatal ?? state.styleError;
  if (err) {
    el.classList.add('error');
    el.textContent = t(state.fatal ? 'startFailed' : 'styleFailed', { msg: err.message });
    return;
  }
  const parts = [];
  if (!state.map) parts.push(t('loading'));
  else if (!state.idle) parts.push(t('rendering'));
  else parts.push(t('ready', { n: state.groups.reduce((s, g) => s + g.layers.length, 0),
    z: state.map.getZoom().toFixed(1) }));
  if (state.countsError) parts.push(t('countsFailed', { msg: state.countsError.message }));
  if (state.mapError) parts.push(t('mapError', { msg: state.mapError }));
  el.classList.toggle('warn', Boolean(state.countsError || state.mapError));
  el.textContent = parts.join(' · ');
}

/** "3 s ago" in the UI language, from a time in ms. */
function ago(at, now = Date.now()) {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 120) return t('agoSeconds', { n: s });
  if (s < 7200) return t('agoMinutes', { n: Math.round(s / 60) });
  return t('agoHours', { n: Math.round(s / 3600) });
}

/**
 * The live connection indicator: a dot and 在线/重连中…/离线 with the time
 * since the last frame. status: {state, lastFrameAt, retryAt, lastClose} from
 * live.js, or null when the wall has no live layers.
 */
export function renderLive(el, status) {
  if (!status) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  const { state, lastFrameAt, retryAt, lastClose } = status;
  el.dataset.state = state;
  const key = { live: 'liveLive', connecting: 'liveConnecting', reconnecting: 'liveReconnecting', offline: 'liveOffline' }[state] ?? 'liveIdle';
  const parts = [t(key), lastFrameAt ? ago(lastFrameAt) : t('liveNoFrame')];
  if (state !== 'live' && retryAt) parts.push(t('retryIn', { n: Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)) }));
  el.querySelector('.label').textContent = parts.join(' · ');
  el.title = [t('liveTitle'), state !== 'live' && lastClose ? t('closedWith', { code: lastClose.code }) : ''].filter(Boolean).join(' · ');
}

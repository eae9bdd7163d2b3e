// What the dispatch console's parts (stages.js, recommend.js,
// assignments.js, console.js) share: labels of responder kinds, travel
// modes, availability and task states in the UI language, distances and
// clock-style durations, and the chips they draw. Built with textContent
// only, like incidentview.js: names come from the field and must not inject
// markup.

import { t, num, duration } from './i18n.js';
import { el } from './incidentview.js';

/** Incident statuses a dispatch may start from (layers/incident/lifecycle.go: reinforcements too). */
export const DISPATCH_FROM = ['new', 'acknowledged', 'verified', 'dispatched', 'on_scene'];

/** Task states that still hold a responder. */
export const ACTIVE_TASK = ['assigned', 'en_route', 'on_scene'];

/** Task actions (layers/dispatch/task.go TaskActions): action → the states it may start from. */
export const TASK_ACTIONS = {
  accept: ['assigned'],
  arrive: ['assigned', 'en_route'],
  release: ['assigned', 'en_route', 'on_scene'],
};

function label(prefix, v) {
  const key = `${prefix}_${v}`;
  const s = t(key);
  return s === key ? String(v ?? '—') : s;
}

export const kindLabel = (v) => label('kind', v);
export const modeLabel = (v) => label('mode', v);
export const taskLabel = (v) => label('task', v);
export const availabilityLabel = (v) => label('avail', v);
export const capabilityLabel = (v) => label('cap', v);
/** A comma-separated capability list in words: 森林灭火、巡护、急救. */
export const capabilitiesLabel = (list) => String(list ?? '').split(',').map((c) => c.trim()).filter(Boolean).map(capabilityLabel).join(t('listSep'));

/** 850 米 / 3.2 公里 (850 m / 3.2 km). */
export function distance(m) {
  const x = Number(m);
  if (!Number.isFinite(x)) return '—';
  if (x < 1000) return t('dist_m', { n: num(Math.round(x)) });
  return t('dist_km', { n: (x / 1000).toFixed(x < 10_000 ? 1 : 0) });
}

/** A stopwatch reading: 4:05, 1:02:09. */
export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The kind chip of a responder, coloured by kind. */
export function kindChip(kind) {
  const s = el('span', 'kind', kindLabel(kind));
  s.dataset.kind = kind ?? '';
  return s;
}

/** The chip of a task state (assigned, en route, on scene, released). */
export function taskChip(state) {
  const s = el('span', 'chip task', taskLabel(state));
  s.dataset.state = state ?? '';
  return s;
}

export const ms = (v) => {
  const x = Date.parse(v ?? '');
  return Number.isNaN(x) ? null : x;
};

/** Great-circle distance in metres (haversine). */
export function metres([x1, y1], [x2, y2]) {
  const k = Math.PI / 180;
  const a = Math.sin(((y2 - y1) * k) / 2) ** 2 + Math.cos(y1 * k) * Math.cos(y2 * k) * Math.sin(((x2 - x1) * k) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A span of seconds, whole minutes as such: 9分钟 / 8分32秒 (9 min / 8m 32s). */
export function span(seconds) {
  const s = Math.round(Number(seconds));
  if (!Number.isFinite(s)) return '—';
  return s > 0 && s % 60 === 0 && s < 3600 ? t('dur_m', { m: s / 60 }) : duration(s * 1000);
}

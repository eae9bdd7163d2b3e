// What the incident queue (incidents.js) and the incident drawer (incident.js)
// share: the lifecycle as the server has it, labels of statuses, domains and
// severities in the UI language, titles, district names, the merge reasons
// of the correlator in words, and the DOM pieces both draw (status chip,
// severity badge). Built with textContent only: titles and notes come from
// sensors and operators and must not inject markup.

import { fetchFeature } from './api.js';
import { t, lang, duration } from './i18n.js';

export const DOMAINS = ['forest', 'fleet', 'market', 'custody'];

/**
 * The lifecycle (layers/incident/lifecycle.go Actions): action → the
 * statuses it may start from. The server is the judge (409 otherwise); the
 * drawer only enables what it would accept.
 */
export const ACTIONS = {
  ack: ['new'],
  verify: ['new', 'acknowledged'],
  dismiss: ['new', 'acknowledged', 'verified'],
  dispatch: ['acknowledged', 'verified', 'dispatched'],
  arrive: ['dispatched'],
  resolve: ['acknowledged', 'verified', 'dispatched', 'on_scene'],
};

/** The drawer's buttons, in the order an incident goes through them; dismiss last. */
export const BUTTONS = ['ack', 'verify', 'dispatch', 'arrive', 'resolve', 'dismiss'];

/** The usual next step of each open status: the highlighted button. */
const NEXT = { new: 'ack', acknowledged: 'verify', verified: 'dispatch', dispatched: 'arrive', on_scene: 'resolve' };

export const allowed = (action, status) => Boolean(ACTIONS[action]?.includes(status));
export const nextAction = (status) => NEXT[status] ?? null;
export const closed = (status) => status === 'resolved' || status === 'dismissed';

/** t(`${prefix}_${v}`), or the raw value when there is no such string. */
function label(prefix, v) {
  const key = `${prefix}_${v}`;
  const s = t(key);
  return s === key ? String(v ?? '—') : s;
}

export const statusLabel = (v) => label('state', v);
export const domainLabel = (v) => label('domain', v);
export const severityLabel = (n) => label('sev', n);
export const eventLabel = (v) => label('event', v || 'change');
export const actionLabel = (a) => label('act', a);
export const actorLabel = (a) => (a ? label('actor', a) : '—');

/** An incident's or alert's title in the UI language (title / title_en). */
export function titleOf(p = {}) {
  return String((lang() === 'en' && p.title_en) || p.title || p.title_en || '');
}

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** The status chip: coloured like the map's incident dots. */
export function statusChip(status) {
  const s = el('span', 'chip status', statusLabel(status));
  s.dataset.status = status ?? '';
  return s;
}

/** The severity badge (1 notice … 4 critical). */
export function severityBadge(n) {
  const s = el('span', 'sev', severityLabel(n));
  s.dataset.sev = Number.isFinite(n) ? String(n) : '';
  s.title = t('severityTitle', { n: n ?? '—', label: severityLabel(n) });
  return s;
}

// District names by code: one small request per district the wall meets
// (the whole layer is half a megabyte of boundaries), remembered for good.
const districts = new Map(); // code → {zh, en} | null (unknown) | 'pending'
const districtWaiters = new Set();

/**
 * The name of a district code in the UI language, or the code itself while
 * it is being fetched (onReady() is called once names arrive).
 */
export function districtName(code, onReady) {
  if (!code) return '—';
  const d = districts.get(code);
  if (d && d !== 'pending') return (lang() === 'en' && d.en) || d.zh || code;
  if (d === null) return code;
  if (onReady) districtWaiters.add(onReady);
  if (!d) {
    districts.set(code, 'pending');
    fetchFeature('districts', code).then(
      (f) => districts.set(code, { zh: f.properties?.name, en: f.properties?.name_en }),
      () => districts.set(code, null),
    ).then(() => {
      const fns = [...districtWaiters];
      districtWaiters.clear();
      fns.forEach((fn) => fn());
    });
  }
  return code;
}

/** A Go duration ("30m0s", "1h2m3.5s", "-4s") in milliseconds, or null. */
export function goDuration(s) {
  const m = /^(-?)(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/.exec(String(s ?? ''));
  if (!m || (!m[2] && !m[3] && !m[4])) return null;
  const ms = ((Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
  return m[1] ? -ms : ms;
}

/**
 * Why an alert was merged where it was, in the UI language. The correlator
 * (layers/incident/correlate.go) writes one of three English sentences; any
 * other text is shown as it is.
 */
export function reasonText(reason) {
  const r = String(reason ?? '');
  const dur = (s) => {
    const ms = goDuration(s);
    if (ms === null) return s;
    return ms % 60_000 === 0 && ms !== 0 ? t('dur_m', { m: Math.abs(ms) / 60_000 }) : duration(Math.abs(ms));
  };
  let m = /^first alert: no open (\w+) incident nearby in the last (\S+)$/.exec(r);
  if (m) return t('reason_first', { domain: domainLabel(m[1]), window: dur(m[2]) });
  m = /^repeat: (\S+) already has this open incident$/.exec(r);
  if (m) return t('reason_repeat', { subject: m[1] });
  m = /^same domain \((\w+)\), ([\d.]+) km from the incident \(H3 res-(\d+) cell or its ring\), (\S+) after its last alert$/.exec(r);
  if (m) return t('reason_near', { domain: domainLabel(m[1]), km: m[2], res: m[3], after: dur(m[4]) });
  return r || '—';
}

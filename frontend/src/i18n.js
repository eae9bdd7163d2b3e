// The UI's words live in strings.zh.js (Simplified Chinese, the default:
// the command centre's language) and strings.en.js; this module picks the
// language (one click, and the choice survives a reload) and formats.
//
// Layer, group, legend and field titles do NOT live here: they come from the
// server's catalogue and style ({"zh": ..., "en": ...}) so a new layer needs
// no frontend change.

import zh from './strings.zh.js';
import en from './strings.en.js';

const STORAGE_KEY = 'lookout.lang';
export const LANGS = ['zh', 'en'];

const DICT = { zh, en };

// Storage can be disabled (kiosk profiles, sandboxed frames): then the choice
// just lasts for this page.
function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

let current = LANGS.includes(stored()) ? stored() : 'zh';
const listeners = new Set();

/** The current UI language: 'zh' or 'en'. */
export function lang() {
  return current;
}

/** Switches the language, remembers it, and re-renders every subscriber. */
export function setLang(l) {
  if (!LANGS.includes(l) || l === current) return;
  current = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* not remembered; still switched */
  }
  applyStatic();
  for (const fn of listeners) fn(l);
}

/** Registers fn to run after each language change. */
export function onLangChange(fn) {
  listeners.add(fn);
}

/**
 * Translates key, filling {placeholders} from vars. A missing key falls back to
 * Chinese, then to the key itself, so a gap shows up as text, not a crash.
 */
export function t(key, vars = {}) {
  const s = DICT[current][key] ?? DICT.zh[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/** Picks the current language from a catalogue title {zh, en}, with fallbacks. */
export function pick(title, fallback = '') {
  if (!title) return fallback;
  if (typeof title === 'string') return title;
  return title[current] || title.zh || title.en || fallback;
}

/** Formats a number the way the current language writes it (35,000 / 35,000). */
export function num(n) {
  return Number(n).toLocaleString(current === 'zh' ? 'zh-CN' : 'en-US');
}

/**
 * Fills static markup: every element with data-i18n="key" gets t(key) as text,
 * data-i18n-title="key" sets its tooltip. Also keeps <html lang> right, which
 * matters for CJK font selection.
 */
export function applyStatic(root = document) {
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  document.title = t('appTitle');
}

/** A length of time in the UI language: 45秒 / 3分12秒 / 2小时5分 (45s / 3m 12s / 2h 5m). */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return t('dur_s', { s });
  if (s < 3600) return t('dur_ms', { m: Math.floor(s / 60), s: s % 60 });
  if (s < 86400) return t('dur_hm', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return t('dur_dh', { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) });
}

/** The command centre's time zone: every time on the wall is Chongqing time, wherever the browser is. */
export const TIME_ZONE = 'Asia/Shanghai';

const formats = new Map();
function format(kind) {
  const key = `${current}:${kind}`;
  let f = formats.get(key);
  if (!f) {
    const opts = { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
    if (kind === 'date') Object.assign(opts, { year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(key, (f = new Intl.DateTimeFormat(current === 'zh' ? 'zh-CN' : 'en-GB', opts)));
  }
  return f;
}

const toDate = (v) => (v instanceof Date ? v : new Date(v ?? NaN));

/** Time of day (HH:MM:SS) of an ISO time or Date in Asia/Shanghai, or '—'. */
export function timeOfDay(v) {
  const d = toDate(v);
  return Number.isNaN(d.getTime()) ? '—' : format('time').format(d);
}

/** Date and time (2026/11/23 21:05:09 · 23/11/2026, 21:05:09) of an ISO time or Date in Asia/Shanghai, or '—'. */
export function dateTime(v) {
  const d = toDate(v);
  return Number.isNaN(d.getTime()) ? '—' : format('date').format(d);
}

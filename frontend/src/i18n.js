// All user-visible UI strings live here, so a translation is one edit in one
// place. Simplified Chinese is the default (the command centre's language);
// English is one click away and the choice survives a reload.
//
// Layer titles do NOT live here: they come from the server's catalogue
// ({"zh": ..., "en": ...}) so new layers need no frontend change.

const STORAGE_KEY = 'lookout.lang';
export const LANGS = ['zh', 'en'];

const DICT = {
  zh: {
    appTitle: 'Lookout 指挥一张图',
    appSubtitle: '重庆市数字治理指挥中心',
    layers: '图层',
    switchLang: 'EN', // the button shows the language you would switch TO
    switchLangTitle: 'Switch to English',
    loading: '正在加载图层…',
    loadingLayer: '加载中',
    loaded: '已加载 {n} 个图层',
    loadFailed: '加载失败',
    catalogueFailed: '无法获取图层目录：{msg}',
    startFailed: '地图无法启动：{msg}',
    empty: '无数据',
    capped: '仅显示前 {shown} 个（共 {total} 个）',
    features: '要素',
    featureId: '编号',
    noProperties: '（无属性）',
    'domain.forest': '森林防火',
    'domain.fleet': '公务用车',
    'domain.market': '市场监管',
    'domain.custody': '非羁押监管',
    'domain.command': '指挥调度',
    'domain.base': '底图',
    'domain.other': '其他',
  },
  en: {
    appTitle: 'Lookout Command Map',
    appSubtitle: 'Chongqing digital-governance command centre',
    layers: 'Layers',
    switchLang: '中文',
    switchLangTitle: '切换到中文',
    loading: 'Loading layers…',
    loadingLayer: 'loading',
    loaded: '{n} layers loaded',
    loadFailed: 'failed',
    catalogueFailed: 'Could not load the layer catalogue: {msg}',
    startFailed: 'The map could not start: {msg}',
    empty: 'empty',
    capped: 'showing first {shown} of {total}',
    features: 'features',
    featureId: 'ID',
    noProperties: '(no properties)',
    'domain.forest': 'Forest fire prevention',
    'domain.fleet': 'Official vehicles',
    'domain.market': 'Market supervision',
    'domain.custody': 'Non-custodial supervision',
    'domain.command': 'Command & dispatch',
    'domain.base': 'Base map',
    'domain.other': 'Other',
  },
};

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

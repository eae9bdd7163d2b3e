// All user-visible UI strings live here, so a translation is one edit in one
// place. Simplified Chinese is the default (the command centre's language);
// English is one click away and the choice survives a reload.
//
// Layer, group, legend and field titles do NOT live here: they come from the
// server's catalogue and style ({"zh": ..., "en": ...}) so a new layer needs
// no frontend change.

const STORAGE_KEY = 'lookout.lang';
export const LANGS = ['zh', 'en'];

const DICT = {
  zh: {
    appTitle: 'Lookout 指挥一张图',
    appSubtitle: '重庆市数字治理指挥中心',
    layers: '图层',
    legend: '图例',
    switchLang: 'EN', // the button shows the language you would switch TO
    switchLangTitle: 'Switch to English',
    loading: '正在加载地图…',
    rendering: '正在绘制…',
    ready: '{n} 个图层 · 缩放 {z}',
    styleFailed: '无法获取地图样式：{msg}',
    countsFailed: '无法获取要素数量：{msg}',
    startFailed: '地图无法启动：{msg}',
    mapError: '地图错误：{msg}',
    otherGroup: '其他',
    featureId: '编号',
    noProperties: '（无属性）',
    popupLoading: '正在加载…',
    popupFailed: '无法加载要素：{msg}',
    yes: '是',
    no: '否',
    liveLive: '在线',
    liveConnecting: '连接中…',
    liveReconnecting: '重连中…',
    liveOffline: '离线',
    liveIdle: '实时未启用',
    liveTitle: '实时推送（WebSocket）',
    liveNoFrame: '等待数据',
    agoSeconds: '{n} 秒前',
    agoMinutes: '{n} 分钟前',
    agoHours: '{n} 小时前',
    retryIn: '{n} 秒后重试',
    closedWith: '断开代码 {code}',
    feedTitle: '实时告警',
    feedEmpty: '暂无新告警',
    feedFold: '收起',
    feedUnfold: '展开',
    unread: '未读 {n} 条',
    state_alarm: '告警',
    state_fault: '故障',
    state_violation: '违规',
    state_entrapment: '困人',
    state_missing_checkin: '未打卡',
    state_new: '新发现',
    state_acknowledged: '已接警',
    state_verified: '已核实',
    state_dispatched: '已派遣',
    state_on_scene: '已到场',
    state_resolved: '已处置',
    state_dismissed: '已排除',
  },
  en: {
    appTitle: 'Lookout Command Map',
    appSubtitle: 'Chongqing digital-governance command centre',
    layers: 'Layers',
    legend: 'Legend',
    switchLang: '中文',
    switchLangTitle: '切换到中文',
    loading: 'Loading the map…',
    rendering: 'Drawing…',
    ready: '{n} layers · zoom {z}',
    styleFailed: 'Could not load the map style: {msg}',
    countsFailed: 'Could not load feature counts: {msg}',
    startFailed: 'The map could not start: {msg}',
    mapError: 'Map error: {msg}',
    otherGroup: 'Other',
    featureId: 'ID',
    noProperties: '(no properties)',
    popupLoading: 'Loading…',
    popupFailed: 'Could not load the feature: {msg}',
    yes: 'yes',
    no: 'no',
    liveLive: 'Live',
    liveConnecting: 'Connecting…',
    liveReconnecting: 'Reconnecting…',
    liveOffline: 'Offline',
    liveIdle: 'Live feed off',
    liveTitle: 'Live updates (WebSocket)',
    liveNoFrame: 'waiting for data',
    agoSeconds: '{n} s ago',
    agoMinutes: '{n} min ago',
    agoHours: '{n} h ago',
    retryIn: 'retrying in {n} s',
    closedWith: 'closed with code {code}',
    feedTitle: 'Live alerts',
    feedEmpty: 'No new alerts',
    feedFold: 'Fold',
    feedUnfold: 'Unfold',
    unread: '{n} unread',
    state_alarm: 'Alarm',
    state_fault: 'Fault',
    state_violation: 'Violation',
    state_entrapment: 'Entrapment',
    state_missing_checkin: 'Missed check-in',
    state_new: 'New',
    state_acknowledged: 'Acknowledged',
    state_verified: 'Verified',
    state_dispatched: 'Dispatched',
    state_on_scene: 'On scene',
    state_resolved: 'Resolved',
    state_dismissed: 'Dismissed',
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

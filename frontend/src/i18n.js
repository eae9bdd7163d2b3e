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
    state_alert: '新告警',
    // The incident queue (right column) and the incident drawer (left).
    queueTitle: '事件队列',
    queueLoading: '正在加载事件…',
    queueEmpty: '暂无待处置事件',
    queueFiltered: '没有符合筛选条件的事件',
    queueCount: '{n} 起待处置',
    queueCountOf: '{n} / {total} 起待处置',
    queueFailed: '无法加载事件：{msg}',
    queueOpen: '查看事件详情',
    alertsCount: '告警 {n}',
    openedAt: '发生于 {t}',
    sev_1: '提示',
    sev_2: '警告',
    sev_3: '严重',
    sev_4: '紧急',
    severityTitle: '等级 {n}：{label}',
    domain_forest: '森林防火',
    domain_fleet: '公务用车',
    domain_market: '市场监管',
    domain_custody: '非羁押监管',
    dur_s: '{s}秒',
    dur_m: '{m}分钟',
    dur_ms: '{m}分{s}秒',
    dur_hm: '{h}小时{m}分',
    dur_dh: '{d}天{h}小时',
    detailClose: '关闭（Esc）',
    detailLoading: '正在加载事件…',
    detailFailed: '无法加载事件：{msg}',
    detailGone: '该事件已不存在',
    clockOpen: '发生至今 {t}',
    clockClosed: '结案用时 {t}',
    actions: '处置操作',
    operator: '操作人',
    operatorTitle: '以此姓名记入处置记录（本机记住）',
    notePlaceholder: '备注（可选）',
    act_ack: '接警',
    act_verify: '核实',
    act_dispatch: '派遣',
    act_arrive: '到场',
    act_resolve: '处置完成',
    act_dismiss: '误报排除',
    actBusy: '正在提交…',
    actDone: '已{action}，当前状态：{status}',
    actRejected: '操作被拒绝（{status}）：{reason}',
    actFailed: '操作失败：{msg}',
    closedCase: '事件已结案',
    properties: '事件信息',
    evidence: '证据 · 告警 {n} 条',
    noEvidence: '暂无告警',
    evRule: '规则',
    evSource: '来源',
    evTime: '告警时间',
    evDistrict: '区县',
    whyMerged: '归并理由',
    evDetail: '详情',
    evEstimate: '定位',
    estimate_located: '多相机交会定位',
    estimate_sector: '单相机视域扇区',
    radius: '误差 ±{m} 米',
    timeline: '处置记录',
    noTimeline: '暂无记录',
    noteText: '备注：{note}',
    event_open: '立案',
    event_alert: '新告警',
    event_ack: '接警',
    event_verify: '核实',
    event_dismiss: '误报排除',
    event_dispatch: '派遣',
    event_arrive: '到场',
    event_resolve: '处置完成',
    event_change: '修改',
    actor_rules: '规则引擎',
    reason_first: '首个告警：{window}内附近无未结的{domain}事件',
    reason_repeat: '重复告警：{subject} 已有未结事件',
    reason_near: '同业务域（{domain}），距事件 {km} 公里（H3 {res} 级网格或相邻网格），距上次告警 {after}',
    // The dispatch console (/dispatch): console.js, stages.js, recommend.js, assignments.js.
    consoleTitle: 'Lookout 一键交办',
    listSep: '、',
    openInConsole: '调度台派遣 ↗',
    openInConsoleTitle: '在调度台打开此事件：推荐处置力量、一键派遣',
    consoleSubtitle: '调度台',
    consoleWall: '一张图',
    consoleWallTitle: '打开指挥一张图',
    consoleHelp: '1–9 选择 · ↑↓ 移动 · 空格 勾选 · Enter 派遣 · J/K 下/上一事件 · R 刷新 · Esc 取消/关闭',
    consolePick: '从左侧队列选择一个事件（J / K 切换）',
    stagesTitle: '处置时钟',
    stageAlarm: '报警',
    stage_acknowledged: '接警',
    stage_verified: '核实',
    stage_dispatched: '派遣',
    stage_on_scene: '到场',
    stage_resolved: '处置',
    stage_dismissed: '排除',
    stageElapsed: '报警至今',
    stageTotal: '报警至结案',
    stageTarget: '目标 {t}',
    stageSince: '报警后 {t}',
    recTitle: '推荐处置力量',
    recNeed: '所需能力：{cap}',
    recAny: '不限能力',
    recRadius: '半径 {d}',
    recLoading: '正在计算推荐…',
    recUpdating: '更新中…',
    recFailed: '无法获取推荐：{msg}',
    recNone: '没有符合条件的处置力量',
    recStale: '含位置过时',
    recStaleTitle: '也列出定位超过 {t} 的力量，标注“位置过时”',
    recRefresh: '刷新',
    recRefreshTitle: '重新计算推荐（R）',
    recWiden: '扩大到 {d}',
    recDispatch: '派遣',
    recDispatchTitle: '派遣 {name}',
    recDispatchSel: '派遣所选 {n} 个',
    recDispatchSelTitle: '一次派遣勾选的全部力量（Enter）',
    recKeyTitle: '按 {n} 选择',
    recStaleFlag: '位置过时',
    recFix: '定位 {t}前',
    recBusy: '已有任务 {task}',
    recBusyHere: '已派往本事件',
    recUnavailable: '当前{state}',
    recConsidered: '半径内共 {n} 个',
    recExcluded: '已排除：',
    excl_wrong_capability: '能力不符 {n}',
    excl_off_duty: '不在岗 {n}',
    excl_unavailable: '暂不可用 {n}',
    excl_busy: '已有任务 {n}',
    excl_stale: '位置过时 {n}',
    excl_outside_radius: '半径外 {n}',
    avail_off_duty: '不在岗',
    avail_available: '可派遣',
    avail_unavailable: '暂不可用',
    mode_foot: '步行',
    mode_motorbike: '摩托车',
    mode_road: '车辆',
    kind_ranger: '护林员',
    kind_fire_crew: '扑火队',
    kind_patrol_car: '巡逻车',
    kind_inspector: '执法组',
    kind_custody_officer: '监管民警',
    dist_m: '{n} 米',
    dist_km: '{n} 公里',
    dispatchBusy: '正在派遣…',
    dispatchDone: '已派遣：{names}',
    dispatchRejected: '派遣被拒绝（{status}）：{reason}',
    dispatchFailed: '派遣失败：{msg}',
    dispatchClosed: '事件已结案，不能再派遣',
    asgTitle: '派遣任务 · {n}',
    asgNone: '尚未派遣处置力量',
    task_assigned: '已派遣',
    task_en_route: '在途',
    task_on_scene: '已到场',
    task_released: '已解除',
    asgAssigned: '派遣 {t}',
    asgBy: '派遣人 {by}',
    asgEta: '预计 {t}',
    asgElapsed: '已用 {t}',
    asgLate: '超时 {t}',
    asgAway: '距现场 {d}',
    asgArrived: '到场用时 {t}',
    asgReleased: '解除 {t}',
    tact_accept: '出发',
    tact_arrive: '到场',
    tact_release: '解除',
    tactTitle_accept: '标记为已出发（在途）',
    tactTitle_arrive: '标记为已到场',
    tactTitle_release: '解除任务，力量恢复可派遣',
    tactRejected: '操作被拒绝（{status}）：{reason}',
    tactFailed: '操作失败：{msg}',
    statsToday: '今日报警→处置',
    statsP50: '中位 {t}',
    statsP90: 'P90 {t}',
    statsShare: '达标 {p}%',
    statsNone: '暂无已处置事件',
    statsTarget: '目标 {t}',
    cap_forest_fire: '森林灭火',
    cap_patrol: '巡护',
    cap_first_aid: '急救',
    cap_drone: '无人机',
    cap_water_pump: '水泵',
    cap_fire_break: '开设隔离带',
    cap_police: '治安处置',
    cap_traffic: '交通管理',
    cap_food_safety: '食品安全',
    cap_drug: '药品监管',
    cap_price: '价格监管',
    cap_special_equipment: '特种设备',
    cap_elevator: '电梯',
    cap_medical_device: '医疗器械',
    cap_custody: '社区矫正',
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
    state_alert: 'New alert',
    queueTitle: 'Incident queue',
    queueLoading: 'Loading incidents…',
    queueEmpty: 'No open incidents',
    queueFiltered: 'No incident matches the filters',
    queueCount: '{n} open',
    queueCountOf: '{n} of {total} open',
    queueFailed: 'Could not load incidents: {msg}',
    queueOpen: 'Open the incident',
    alertsCount: '{n} alerts',
    openedAt: 'opened {t}',
    sev_1: 'Notice',
    sev_2: 'Warning',
    sev_3: 'Serious',
    sev_4: 'Critical',
    severityTitle: 'Severity {n}: {label}',
    domain_forest: 'Forest',
    domain_fleet: 'Vehicles',
    domain_market: 'Market',
    domain_custody: 'Custody',
    dur_s: '{s}s',
    dur_m: '{m} min',
    dur_ms: '{m}m {s}s',
    dur_hm: '{h}h {m}m',
    dur_dh: '{d}d {h}h',
    detailClose: 'Close (Esc)',
    detailLoading: 'Loading the incident…',
    detailFailed: 'Could not load the incident: {msg}',
    detailGone: 'This incident no longer exists',
    clockOpen: 'open for {t}',
    clockClosed: 'closed after {t}',
    actions: 'Actions',
    operator: 'Operator',
    operatorTitle: 'Recorded in the timeline under this name (remembered on this machine)',
    notePlaceholder: 'Note (optional)',
    act_ack: 'Acknowledge',
    act_verify: 'Verify',
    act_dispatch: 'Dispatch',
    act_arrive: 'On scene',
    act_resolve: 'Resolve',
    act_dismiss: 'False alarm',
    actBusy: 'Sending…',
    actDone: 'Done: {action}; now {status}',
    actRejected: 'Refused ({status}): {reason}',
    actFailed: 'Failed: {msg}',
    closedCase: 'This incident is closed',
    properties: 'Incident',
    evidence: 'Evidence · {n} alerts',
    noEvidence: 'No alerts',
    evRule: 'Rule',
    evSource: 'Source',
    evTime: 'Raised',
    evDistrict: 'District',
    whyMerged: 'Why merged',
    evDetail: 'Detail',
    evEstimate: 'Location',
    estimate_located: 'Cross-bearing fix (several cameras)',
    estimate_sector: 'One camera\'s view sector',
    radius: '±{m} m',
    timeline: 'Timeline',
    noTimeline: 'Nothing recorded',
    noteText: 'Note: {note}',
    event_open: 'Opened',
    event_alert: 'New alert',
    event_ack: 'Acknowledged',
    event_verify: 'Verified',
    event_dismiss: 'Dismissed',
    event_dispatch: 'Dispatched',
    event_arrive: 'Arrived',
    event_resolve: 'Resolved',
    event_change: 'Changed',
    actor_rules: 'Rules engine',
    reason_first: 'First alert: no open {domain} incident nearby within {window}',
    reason_repeat: 'Repeat: {subject} already has this open incident',
    reason_near: 'Same domain ({domain}), {km} km from the incident (H3 res-{res} cell or its ring), {after} after its last alert',
    consoleTitle: 'Lookout Dispatch',
    listSep: ', ',
    openInConsole: 'Dispatch console ↗',
    openInConsoleTitle: 'Open this incident in the dispatch console: recommended responders, one-click dispatch',
    consoleSubtitle: 'dispatcher\'s console',
    consoleWall: 'Map wall',
    consoleWallTitle: 'Open the command map wall',
    consoleHelp: '1–9 pick · ↑↓ move · Space tick · Enter dispatch · J/K next/previous incident · R refresh · Esc clear/close',
    consolePick: 'Choose an incident from the queue (J / K to step through)',
    stagesTitle: 'Stage clock',
    stageAlarm: 'Alarm',
    stage_acknowledged: 'Acknowledged',
    stage_verified: 'Verified',
    stage_dispatched: 'Dispatched',
    stage_on_scene: 'On scene',
    stage_resolved: 'Resolved',
    stage_dismissed: 'Dismissed',
    stageElapsed: 'since alarm',
    stageTotal: 'alarm to close',
    stageTarget: 'target {t}',
    stageSince: '{t} after the alarm',
    recTitle: 'Recommended responders',
    recNeed: 'Needs: {cap}',
    recAny: 'any capability',
    recRadius: 'radius {d}',
    recLoading: 'Working out the recommendation…',
    recUpdating: 'updating…',
    recFailed: 'Could not get the recommendation: {msg}',
    recNone: 'No responder fits',
    recStale: 'include stale',
    recStaleTitle: 'Also list responders whose position is older than {t}, flagged as stale',
    recRefresh: 'Refresh',
    recRefreshTitle: 'Recompute the recommendation (R)',
    recWiden: 'Widen to {d}',
    recDispatch: 'Dispatch',
    recDispatchTitle: 'Dispatch {name}',
    recDispatchSel: 'Dispatch {n} ticked',
    recDispatchSelTitle: 'Send every ticked responder at once (Enter)',
    recKeyTitle: 'Press {n} to pick',
    recStaleFlag: 'stale',
    recFix: 'fix {t} ago',
    recBusy: 'busy on {task}',
    recBusyHere: 'sent to this incident',
    recUnavailable: 'now {state}',
    recConsidered: '{n} within the radius',
    recExcluded: 'Passed over: ',
    excl_wrong_capability: 'wrong capability {n}',
    excl_off_duty: 'off duty {n}',
    excl_unavailable: 'unavailable {n}',
    excl_busy: 'busy {n}',
    excl_stale: 'stale {n}',
    excl_outside_radius: 'beyond radius {n}',
    avail_off_duty: 'off duty',
    avail_available: 'available',
    avail_unavailable: 'unavailable',
    mode_foot: 'on foot',
    mode_motorbike: 'motorbike',
    mode_road: 'by road',
    kind_ranger: 'Ranger',
    kind_fire_crew: 'Fire crew',
    kind_patrol_car: 'Patrol car',
    kind_inspector: 'Inspector',
    kind_custody_officer: 'Custody officer',
    dist_m: '{n} m',
    dist_km: '{n} km',
    dispatchBusy: 'Dispatching…',
    dispatchDone: 'Dispatched: {names}',
    dispatchRejected: 'Dispatch refused ({status}): {reason}',
    dispatchFailed: 'Dispatch failed: {msg}',
    dispatchClosed: 'This incident is closed: nobody can be sent',
    asgTitle: 'Assignments · {n}',
    asgNone: 'Nobody sent yet',
    task_assigned: 'Assigned',
    task_en_route: 'En route',
    task_on_scene: 'On scene',
    task_released: 'Released',
    asgAssigned: 'sent {t}',
    asgBy: 'by {by}',
    asgEta: 'ETA {t}',
    asgElapsed: '{t} so far',
    asgLate: '{t} late',
    asgAway: '{d} away',
    asgArrived: 'arrived after {t}',
    asgReleased: 'released {t}',
    tact_accept: 'En route',
    tact_arrive: 'On scene',
    tact_release: 'Release',
    tactTitle_accept: 'Mark as on the way',
    tactTitle_arrive: 'Mark as on scene',
    tactTitle_release: 'End the task; the responder is free again',
    tactRejected: 'Refused ({status}): {reason}',
    tactFailed: 'Failed: {msg}',
    statsToday: 'Today, alarm → resolved',
    statsP50: 'median {t}',
    statsP90: 'p90 {t}',
    statsShare: '{p}% on target',
    statsNone: 'nothing resolved yet',
    statsTarget: 'target {t}',
    cap_forest_fire: 'forest fire',
    cap_patrol: 'patrol',
    cap_first_aid: 'first aid',
    cap_drone: 'drone',
    cap_water_pump: 'water pump',
    cap_fire_break: 'fire break',
    cap_police: 'police',
    cap_traffic: 'traffic',
    cap_food_safety: 'food safety',
    cap_drug: 'drugs',
    cap_price: 'prices',
    cap_special_equipment: 'special equipment',
    cap_elevator: 'elevators',
    cap_medical_device: 'medical devices',
    cap_custody: 'custody',
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

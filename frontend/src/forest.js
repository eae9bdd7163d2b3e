// The forest chief's view (森林防火一张图), at /forest: where fire is most
// likely today, which districts lead, and how fast each district disposed of
// its alarms.
//
//   ┌ bar: title · as of · map wall · dispatch console · EN ──────────────────────┐
//   │ map: the fire-risk grid (H3 hexagons,     │ district ranking (class, mean,   │
//   │ GET /api/v1/heat/cells, res by zoom,      │ shares, disposal p50 / 30 days)  │
//   │ refetched on moveend) under the district  │ trend (ECharts: alarms and       │
//   │ boundaries; legend of the five classes    │ median disposal, 14 days)        │
//   │                                           │ today's forest alarms            │
//
// Nothing here is live: the grid is re-scored every minute on the server and
// the page asks again on every move; ranking, trend and alarms refresh every
// two minutes.

import { cellToBoundary, cellToLatLng } from 'h3-js';
import * as echarts from 'echarts/core';
import { LineChart, BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { fetchStyle, fetchLayers, getJSON, fetchResponseStats } from './api.js';
import { startRiskFeed } from './forestlive.js';
import { createMap, applyLabelLanguage, lookoutLayerOf, boundsOf } from './map.js';
import { el } from './incidentview.js';
import { t, lang, setLang, onLangChange, applyStatic, duration, timeOfDay, num } from './i18n.js';
import './forest.css';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** True on the forest view's route: …/forest (or …/forest.html). */
export function isForest(path = location.pathname) {
  return /\/forest(\.html)?\/?$/.test(path);
}

/** The Lookout layers the map shows; the rest of the wall's style stays, switched off. */
const SHOWN = new Set(['districts', 'rivers']);
const HEAT_SOURCE = 'forest-heat';
export const HEAT_LAYER = 'forest-heat-fill';
const REFRESH_EVERY = 120_000;
const TREND_DAYS = 14;
const DAY = 86400_000;

/** The colours of the five forest-fire danger classes (0: no forest); their names are in i18n.js. */
export const CLASS_COLORS = ['#5b6b7c', '#2fa84f', '#2f7ed8', '#f2c500', '#f28c28', '#e0303e'];
// Its words are in i18n.js (forest_*).
const w = (key, vars = {}) => t(`forest_${key}`, vars);
const className = (c) => (c >= 0 && c <= 5 ? t(`forest_class_${c}`) : '—');

/** The grid's resolution for a zoom: coarse over the city, res 8 up close. */
export function resForZoom(z) {
  if (z < 8) return 5;
  if (z < 9.5) return 6;
  if (z < 11) return 7;
  return 8;
}

/** Midnight in Asia/Shanghai (UTC+8, no daylight saving) of the day `now` falls in, as epoch ms. */
function midnightShanghai(now = Date.now()) {
  const d = new Date(now + 8 * 3600_000);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime() - 8 * 3600_000;
}

/** The wall's style made the forest view's: only SHOWN layers, the heat grid under the district lines. */
function forestStyle(style) {
  const layers = [];
  for (const l of style.layers ?? []) {
    const name = lookoutLayerOf(l);
    if (l.id === 'districts-line' || (name === 'districts' && l.type === 'line' && !layers.some((x) => x.id === HEAT_LAYER))) {
      if (!layers.some((x) => x.id === HEAT_LAYER)) layers.push(heatLayer());
    }
    layers.push(name && !SHOWN.has(name) ? { ...l, layout: { ...l.layout, visibility: 'none' } } : l);
  }
  if (!layers.some((x) => x.id === HEAT_LAYER)) layers.push(heatLayer());
  return {
    ...style,
    sources: { ...style.sources, [HEAT_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
    layers,
  };
}

function heatLayer() {
  const color = ['match', ['get', 'class'], 1, CLASS_COLORS[1], 2, CLASS_COLORS[2], 3, CLASS_COLORS[3], 4, CLASS_COLORS[4], 5, CLASS_COLORS[5], CLASS_COLORS[0]];
  return {
    id: HEAT_LAYER,
    type: 'fill',
    source: HEAT_SOURCE,
    paint: { 'fill-color': color, 'fill-opacity': 0.55, 'fill-outline-color': 'rgba(0,0,0,0.25)' },
  };
}

/** A district's bounds from its GeoJSON geometry. */
function boundsOfGeometry(g) {
  let b = null;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      b = b ? [Math.min(b[0], c[0]), Math.min(b[1], c[1]), Math.max(b[2], c[0]), Math.max(b[3], c[1])] : [c[0], c[1], c[0], c[1]];
      return;
    }
    for (const x of c) walk(x);
  };
  if (g?.coordinates) walk(g.coordinates);
  return b;
}

export function startForest() {
  const state = {
    map: null, loaded: false, ranking: null, rankingError: null, stats: null, trend: null, trendRendered: false,
    alarms: null, alarmsError: null, names: new Map(), bounds: new Map(), framed: null, selected: null,
    heat: { seq: 0, loading: false, res: null, bbox: null, count: 0, top: null, error: null, live: 0 },
  };
  window.__lookout = Object.freeze({
    get map() { return state.map; },
    get mapLoaded() { return state.loaded; },
    get lang() { return lang(); },
    get live() { return null; },
    mode: 'forest',
    /** Asks the ranking (districts roll-up) again; resolves when it is drawn. */
    reloadRanking: () => loadRanking(),
    /** What the forest view shows, for tests. */
    get forest() {
      return {
        ranking: state.ranking?.districts.map((d) => ({ district: d.district, class: d.class })) ?? null,
        rankingAsOf: state.ranking?.as_of ?? null,
        statsLoaded: Boolean(state.stats),
        namesLoaded: state.names.size > 0,
        heat: { ...state.heat },
        trendRendered: state.trendRendered,
        trend: state.trend,
        alarms: state.alarms?.map((f) => f.id) ?? null,
        framed: state.framed,
      };
    },
  });

  // ---- the page --------------------------------------------------------------
  document.body.classList.add('forest');
  for (const id of ['panel', 'right', 'incident']) document.getElementById(id)?.remove();
  const bar = el('header', null);
  bar.id = 'bar';
  const h1 = el('h1');
  const sub = el('span', 'sub');
  const asOf = el('span', 'stats');
  const wall = el('a', 'to-wall');
  wall.href = './';
  const disp = el('a', 'to-wall');
  disp.href = 'dispatch';
  const langButton = el('button', null);
  langButton.id = 'lang';
  langButton.type = 'button';
  bar.append(h1, sub, asOf, wall, disp, langButton);

  const legend = el('aside', 'forest-legend');
  legend.id = 'forest-legend';
  const side = el('aside', 'forest-side');
  side.id = 'forest-side';
  const rankSec = el('section', 'forest-ranking');
  rankSec.id = 'forest-ranking';
  const trendSec = el('section', 'forest-trend');
  const trendH = el('h2');
  const trendEl = el('div', 'chart');
  trendEl.id = 'forest-trend';
  trendSec.append(trendH, trendEl);
  const alarmSec = el('section', 'forest-alarms');
  alarmSec.id = 'forest-alarms';
  side.append(rankSec, trendSec, alarmSec);
  document.body.prepend(bar, legend, side);

  const chart = echarts.init(trendEl, null, { renderer: 'canvas' });
  chart.on('finished', () => { state.trendRendered = !!state.trend; });
  window.addEventListener('resize', () => chart.resize());

  const renderBar = () => {
    h1.textContent = w('title');
    sub.textContent = w('sub');
    asOf.textContent = state.ranking?.as_of ? w('asOf', { t: timeOfDay(state.ranking.as_of) }) : '';
    wall.textContent = w('wall');
    disp.textContent = w('dispatch');
    langButton.textContent = t('switchLang');
    langButton.title = t('switchLangTitle');
    document.title = w('title');
  };

  const renderLegend = () => {
    legend.replaceChildren(el('h3', null, w('legend')));
    for (let c = 1; c <= 5; c++) {
      const row = el('div', 'row');
      const sw = el('span', 'swatch');
      sw.style.background = CLASS_COLORS[c];
      row.append(sw, el('span', null, className(c)));
      legend.append(row);
    }
    const h = state.heat;
    legend.append(el('p', 'res', h.res ? w('res', { r: h.res, n: num(h.count) }) : w('loading')));
    if (h.error) legend.append(el('p', 'error', w('failed', { e: h.error })));
  };

  const districtName = (code, fallback) => {
    const n = state.names.get(code);
    if (lang() === 'en' && n?.en) return n.en;
    return n?.zh ?? fallback ?? code;
  };
  const target = () => state.stats?.target_s ?? 540;
  const level = (s) => (s == null ? 'none' : s > target() ? 'late' : s > (target() * 2) / 3 ? 'near' : 'ok');
  const minutes = (s) => (s == null ? '—' : duration(s * 1000));

  const renderRanking = () => {
    rankSec.replaceChildren(el('h2', null, w('ranking')));
    if (state.rankingError) {
      rankSec.append(el('p', 'error', w('failed', { e: state.rankingError.message })));
      return;
    }
    if (!state.ranking) {
      rankSec.append(el('p', 'muted', w('loading')));
      return;
    }
    const byCode = new Map((state.stats?.districts ?? []).map((d) => [d.district, d]));
    const table = el('table');
    const head = el('tr');
    for (const k of ['rank', 'district', 'cls', 'mean', 'shares', 'p50']) {
      const th = el('th', k, w(k));
      if (k === 'p50') th.title = w('p50Title', { m: Math.round(target() / 60) });
      head.append(th);
    }
    table.append(el('thead', null), el('tbody'));
    table.tHead.append(head);
    for (const d of state.ranking.districts) {
      const tr = el('tr');
      tr.dataset.district = d.district;
      tr.dataset.class = String(d.class);
      if (state.selected === d.district) tr.classList.add('selected');
      const chip = el('span', 'cls-chip', className(d.class));
      chip.style.setProperty('--c', CLASS_COLORS[d.class] ?? CLASS_COLORS[0]);
      const bars = el('span', 'shares');
      (d.shares ?? []).forEach((s, i) => {
        if (!(s > 0)) return;
        const seg = el('span');
        seg.style.width = `${(s * 100).toFixed(1)}%`;
        seg.style.background = CLASS_COLORS[i + 1];
        seg.title = `${className(i + 1)} ${(s * 100).toFixed(0)}%`;
        bars.append(seg);
      });
      const st = byCode.get(d.district);
      const p50 = st?.stages?.resolved?.p50_s ?? null;
      const p = el('b', 'p50', minutes(p50));
      p.dataset.level = level(p50);
      if (st) p.title = `${num(st.incidents)} · p90 ${minutes(st.stages?.resolved?.p90_s ?? null)}`;
      const cells = [
        el('td', 'rank', String(d.rank)),
        el('td', 'district', districtName(d.district, d.name)),
        el('td', 'cls'),
        el('td', 'mean', d.cells ? d.mean.toFixed(2) : '—'),
        el('td', 'shares'),
        el('td', 'p50'),
      ];
      cells[2].append(chip);
      cells[3].append(trendMark(d));
      cells[4].append(bars);
      cells[5].append(p);
      tr.append(...cells);
      tr.addEventListener('click', () => frameDistrict(d.district));
      table.tBodies[0].append(tr);
    }
    rankSec.append(table);
  };

  const renderTrend = () => {
    trendH.textContent = w('trend', { n: TREND_DAYS });
    if (!state.trend) return;
    const axis = { color: '#7f96ad' };
    chart.setOption({
      animation: false,
      backgroundColor: 'transparent',
      textStyle: { color: '#d8e6f5' },
      grid: { left: 36, right: 40, top: 30, bottom: 24 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#d8e6f5', fontSize: 11 }, itemHeight: 8 },
      xAxis: { type: 'category', data: state.trend.days, axisLabel: { ...axis, fontSize: 10 }, axisLine: { lineStyle: { color: '#1d3a5a' } } },
      yAxis: [
        { type: 'value', name: '', minInterval: 1, axisLabel: axis, splitLine: { lineStyle: { color: '#15283f' } } },
        { type: 'value', name: '', axisLabel: axis, splitLine: { show: false } },
      ],
      series: [
        { name: w('trendAlarms'), type: 'bar', data: state.trend.alarms, itemStyle: { color: '#35c4ff' }, barMaxWidth: 14 },
        {
          name: w('trendP50'), type: 'line', yAxisIndex: 1, data: state.trend.p50, smooth: true, connectNulls: true,
          itemStyle: { color: '#ff9f1c' }, lineStyle: { width: 2 },
          markLine: undefined,
        },
      ],
    }, true);
  };

  const renderAlarms = () => {
    alarmSec.replaceChildren(el('h2', null, w('alarms') + (state.alarms ? ` · ${state.alarms.length}` : '')));
    if (state.alarmsError) {
      alarmSec.append(el('p', 'error', w('failed', { e: state.alarmsError.message })));
      return;
    }
    if (!state.alarms) {
      alarmSec.append(el('p', 'muted', w('loading')));
      return;
    }
    if (state.alarms.length === 0) {
      alarmSec.append(el('p', 'muted', w('alarmsNone')));
      return;
    }
    const ul = el('ul');
    for (const f of state.alarms) {
      const p = f.properties ?? {};
      const li = el('li');
      li.dataset.id = f.id;
      li.append(el('span', 'time', timeOfDay(p.opened).slice(0, 5)));
      const title = (lang() === 'en' && p.title_en) || p.title || f.id;
      li.append(el('span', 'title', title));
      li.append(el('span', 'where', districtName(p.district, p.district)));
      const chip = el('span', 'state', t(`state_${p.status}`));
      chip.dataset.status = p.status;
      li.append(chip);
      const opened = Date.parse(p.opened);
      const resolved = Date.parse(p.resolved_at);
      if (p.status === 'resolved' && Number.isFinite(opened) && Number.isFinite(resolved)) {
        const s = Math.round((resolved - opened) / 1000);
        const b = el('b', 'disposal', w('disposal', { d: minutes(s) }));
        b.dataset.level = level(s);
        li.append(b);
      } else {
        li.append(el('span', 'disposal', p.status === 'dismissed' ? '' : duration(Date.now() - opened)));
      }
      ul.append(li);
    }
    alarmSec.append(ul);
  };

  const renderAll = () => {
    renderBar();
    renderLegend();
    renderRanking();
    renderTrend();
    renderAlarms();
  };

  // ---- data -------------------------------------------------------------------
  async function loadRanking() {
    try {
      state.ranking = await getJSON('/api/v1/heat/districts');
      state.rankingError = null;
    } catch (err) {
      state.rankingError = err;
    }
    renderBar();
    renderRanking();
  }

  async function loadStats() {
    const now = Date.now();
    try {
      state.stats = await fetchResponseStats({ domain: 'forest', from: new Date(now - 30 * DAY).toISOString(), to: new Date(now).toISOString() });
    } catch (err) {
      console.warn('lookout: forest stats:', err);
    }
    renderRanking();
    renderAlarms();
  }

  async function loadTrend() {
    const today = midnightShanghai();
    const days = [];
    for (let i = TREND_DAYS - 1; i >= 0; i--) days.push(today - i * DAY);
    const answers = await Promise.all(days.map((d, i) => fetchResponseStats({
      domain: 'forest', from: new Date(d).toISOString(), to: new Date(i === days.length - 1 ? Date.now() : d + DAY).toISOString(),
    }).catch((err) => {
      console.warn('lookout: forest trend:', err);
      return null;
    })));
    state.trend = {
      days: days.map((d) => new Date(d + 8 * 3600_000).toISOString().slice(5, 10)),
      alarms: answers.map((a) => a?.overall?.incidents ?? null),
      p50: answers.map((a) => {
        const s = a?.overall?.stages?.resolved?.p50_s;
        return s == null ? null : Math.round(s / 6) / 10;
      }),
    };
    renderTrend();
  }

  async function loadAlarms() {
    const since = midnightShanghai();
    try {
      const body = await getJSON('/api/v1/incidents', {
        domain: 'forest', status: 'new,acknowledged,verified,dispatched,on_scene,resolved,dismissed', limit: 1000,
      });
      const all = Array.isArray(body?.features) ? body.features : [];
      state.alarms = all.filter((f) => Date.parse(f.properties?.opened) >= since)
        .sort((a, b) => Date.parse(b.properties.opened) - Date.parse(a.properties.opened));
      state.alarmsError = null;
    } catch (err) {
      state.alarmsError = err;
    }
    renderAlarms();
  }

  async function loadDistricts() {
    try {
      const body = await getJSON('/api/v1/layers/districts/features', { limit: 100 });
      for (const f of body?.features ?? []) {
        const code = String(f.properties?.code ?? f.id);
        state.names.set(code, { zh: f.properties?.name, en: f.properties?.name_en });
        const b = boundsOfGeometry(f.geometry);
        if (b) state.bounds.set(code, b);
      }
    } catch (err) {
      console.warn('lookout: forest districts:', err);
    }
    renderRanking();
    renderAlarms();
  }

  function frameDistrict(code) {
    state.selected = code;
    for (const tr of rankSec.querySelectorAll('tr[data-district]')) tr.classList.toggle('selected', tr.dataset.district === code);
    const b = state.bounds.get(code);
    if (!b || !state.map) return;
    state.framed = code;
    state.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, duration: 800 });
  }

  // The grid for the view: res from the zoom, bbox of the view (+10 %), the
  // last answer wins; a 400 (too many cells) asks one res coarser.
  let timer = null;
  const scheduleHeat = () => {
    clearTimeout(timer);
    state.heat.loading = true;
    timer = setTimeout(loadHeat, 250);
  };
  async function loadHeat() {
    const map = state.map;
    const seq = ++state.heat.seq;
    let res = resForZoom(map.getZoom());
    const b = map.getBounds();
    const dx = (b.getEast() - b.getWest()) * 0.1;
    const dy = (b.getNorth() - b.getSouth()) * 0.1;
    const r4 = (v) => Math.round(v * 1e4) / 1e4;
    const bbox = [
      r4(Math.max(-180, b.getWest() - dx)), r4(Math.max(-85, b.getSouth() - dy)),
      r4(Math.min(180, b.getEast() + dx)), r4(Math.min(85, b.getNorth() + dy)),
    ].join(',');
    let body = null;
    let error = null;
    for (; res >= 5; res--) {
      try {
        body = await getJSON('/api/v1/heat/cells', { bbox, res });
        break;
      } catch (err) {
        error = err;
        if (err.status !== 400) break;
      }
    }
    if (seq !== state.heat.seq) return; // a newer view asked meanwhile
    if (!body) {
      Object.assign(state.heat, { loading: false, error: error?.message ?? 'failed' });
      renderLegend();
      return;
    }
    const cells = body.cells ?? [];
    const features = cells.map((c) => ({
      type: 'Feature',
      properties: { h3: c.h3, class: c.class, score: c.score, district: c.district },
      geometry: { type: 'Polygon', coordinates: [cellToBoundary(c.h3, true)] },
    }));
    map.getSource(HEAT_SOURCE)?.setData({ type: 'FeatureCollection', features });
    heatCells = new Map(features.map((f) => [f.properties.h3, f]));
    heatFeatures = features;
    riskFeed.watch(bbox.split(',').map(Number), map.getZoom());
    let top = null;
    for (const c of cells) if (!top || c.score > top.score) top = c;
    Object.assign(state.heat, {
      loading: false, error: null, res: body.res ?? res, bbox, count: cells.length,
      top: top ? [cellToLatLng(top.h3)[1], cellToLatLng(top.h3)[0]] : null, asOf: body.as_of,
    });
    renderLegend();
  }

  // ---- live risk: a cell whose class changes is recoloured at once -------------
  let heatCells = new Map();
  let heatFeatures = [];
  let redraw = null;
  const riskFeed = startRiskFeed((cells) => {
    for (const c of cells) {
      const f = heatCells.get(c.h3);
      if (!f || c.res !== state.heat.res) continue;
      f.properties = { ...f.properties, class: c.class, score: c.score };
      state.heat.live++;
    }
    redraw ??= setTimeout(() => {
      redraw = null;
      state.map?.getSource(HEAT_SOURCE)?.setData({ type: 'FeatureCollection', features: heatFeatures });
    }, 250);
  });

  // ---- start ------------------------------------------------------------------
  applyStatic();
  langButton.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  onLangChange((l) => {
    if (state.loaded) applyLabelLanguage(state.map, l);
    renderAll();
  });
  renderAll();

  loadDistricts();
  loadRanking();
  loadStats();
  loadTrend();
  loadAlarms();
  setInterval(() => {
    loadRanking();
    loadStats();
    loadAlarms();
    if (state.map) scheduleHeat();
  }, REFRESH_EVERY);

  (async () => {
    const [wallStyle, rest] = await Promise.all([fetchStyle('wall'), fetchLayers().catch(() => [])]);
    const districts = rest.filter((l) => l.name === 'districts');
    const map = createMap('map', forestStyle(wallStyle), {
      bounds: boundsOf(districts.length ? districts : rest), lang: lang(), padding: { top: 20, bottom: 20, left: 20, right: 20 },
    });
    state.map = map;
    map.on('error', (e) => console.warn('lookout: map:', e.error ?? e));
    map.on('moveend', scheduleHeat);
    map.on('click', HEAT_LAYER, (e) => {
      const f = e.features?.[0];
      if (f?.properties?.district) frameDistrict(String(f.properties.district));
    });
    await new Promise((resolve) => map.once('load', resolve));
    state.loaded = true;
    scheduleHeat();
  })().catch((err) => {
    console.error('lookout: forest map failed:', err);
  });
}

/**
 * A district's trend beside its mean: ▲ rising, ▼ falling, by its change
 * over the last hour (or day), with both changes on hover; nothing until
 * the server has an hour of history.
 */
function trendMark(d) {
  const ch = d.change_1h ?? d.change_24h;
  if (ch == null || !d.cells) return '';
  const m = el('span', 'trend', ch > 0.005 ? '▲' : ch < -0.005 ? '▼' : '·');
  m.dataset.dir = ch > 0.005 ? 'up' : ch < -0.005 ? 'down' : 'flat';
  const fmt = (v) => (v == null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(3)}`);
  m.title = `1h ${fmt(d.change_1h)} · 24h ${fmt(d.change_24h)}`;
  return m;
}

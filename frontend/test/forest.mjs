// The forest chief's view at /forest in headless Chromium: the district
// ranking as the heat API ranks them (same order, same classes), the
// fire-risk hexagons drawn on the map as many as the API answers for the
// view's bbox and resolution, a finer resolution when zoomed in, the trend
// chart drawn, today's alarms listed, framing a district from the ranking,
// the English switch, a screenshot, and nothing going wrong in the page.
//
//   node test/forest.mjs   (LOOKOUT_URL, or LOOKOUT_BIN / go run as in lib.mjs)

import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { isMain, main, sleep } from './lib.mjs';
import { newPage, settle, shoot, shotDir, watchProblems, withBrowser } from './browser.mjs';

const LAYER = 'forest-heat-fill';

export const forestSuite = withBrowser(run);

async function get(url, path) {
  const res = await fetch(`${url}${path}`);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function until(page, fn, arg, ms = 60_000) {
  try {
    await page.waitForFunction(fn, arg, { timeout: ms, polling: 100 });
    return true;
  } catch {
    return false;
  }
}

/** Waits for the page's grid answer for the current view (not loading, a res), then for the map to draw it. */
async function heatSettled(page, r, what, camera = null) {
  const before = await page.evaluate(() => window.__lookout.forest.heat.seq);
  if (camera) await page.evaluate((c) => window.__lookout.map.jumpTo(c), camera);
  const ok = await until(page, (seq) => {
    const h = window.__lookout.forest.heat;
    return h.seq > seq && !h.loading && h.res !== null;
  }, camera ? before : -1);
  if (!ok) r.check(`the grid is fetched (${what})`, false, JSON.stringify(await page.evaluate(() => window.__lookout.forest.heat)));
  await settle(page, r, what);
}

/** The hexagons drawn (rendered features of the fill layer, one per cell). */
const rendered = (page) => page.evaluate((layer) => {
  const { map } = window.__lookout;
  return new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => f.properties.h3)).size;
}, LAYER);

/**
 * The page's grid, the hexagons drawn and the API's answer for the same bbox
 * and res. The grid takes in activity and alarms as they come: when the two
 * answers differ, the page asks again (same camera) and they are compared again.
 */
async function sameAnswer(page, r, url, what) {
  let out = null;
  for (let i = 0; i < 3; i++) {
    const h = await page.evaluate(() => window.__lookout.forest.heat);
    const drawn = await rendered(page);
    const cells = await get(url, `/api/v1/heat/cells?bbox=${h.bbox}&res=${h.res}`);
    out = [h, drawn, cells];
    if (h.count === cells.cells.length) break;
    await heatSettled(page, r, `${what}, again`, await page.evaluate(() => ({ center: window.__lookout.map.getCenter().toArray(), zoom: window.__lookout.map.getZoom() })));
  }
  return out;
}

async function run(browser, url, r) {
  const page = await newPage(browser);
  const { problems } = watchProblems(page);
  const shots = shotDir('forest');
  await page.goto(`${url}/forest`);
  const started = await until(page, () => window.__lookout?.mode === 'forest' && window.__lookout.mapLoaded &&
    window.__lookout.forest.ranking !== null && window.__lookout.forest.statsLoaded && window.__lookout.forest.namesLoaded &&
    window.__lookout.forest.alarms !== null);
  r.check('the forest view starts (map, ranking, statistics, alarms)', started,
    started ? '' : JSON.stringify(await page.evaluate(() => window.__lookout?.forest ?? null)));
  if (!started) return finish(r, problems);

  // The ranking: 38 districts in the API's order, with its classes (the
  // grid is re-scored every minute: ask again when the two disagree).
  let api = null;
  let rows = null;
  for (let i = 0; i < 3; i++) {
    api = await get(url, '/api/v1/heat/districts');
    await page.evaluate(() => window.__lookout.reloadRanking());
    rows = await page.$$eval('#forest-ranking tr[data-district]', (trs) => trs.map((tr) => ({ district: tr.dataset.district, class: Number(tr.dataset.class) })));
    if (JSON.stringify(rows) === JSON.stringify(api.districts.map((d) => ({ district: d.district, class: d.class })))) break;
    await sleep(1000);
  }
  const want = api.districts.map((d) => ({ district: d.district, class: d.class }));
  r.check('the ranking lists the 38 districts in the API\'s order with its classes',
    rows.length === 38 && JSON.stringify(rows) === JSON.stringify(want),
    `${rows.length} rows; first ${JSON.stringify(rows.slice(0, 3))} vs ${JSON.stringify(want.slice(0, 3))}`);
  const firstName = await page.locator('#forest-ranking tr[data-district] td.district').first().textContent();
  r.check('the ranking names the districts in Chinese', firstName === api.districts[0].name, `"${firstName}" vs "${api.districts[0].name}"`);
  const p50s = await page.$$eval('#forest-ranking td.p50 b', (bs) => bs.map((b) => b.dataset.level));
  r.check('each district shows its disposal median against the target',
    p50s.length === 38 && p50s.some((l) => l === 'ok' || l === 'near' || l === 'late'), JSON.stringify(p50s.slice(0, 8)));

  // The grid over the city: hexagons drawn, as many as the API answers.
  await heatSettled(page, r, 'city');
  const [h0, drawn0, cells0] = await sameAnswer(page, r, url, 'city');
  r.check('the city view draws the coarse grid (res 5 or 6)', h0.res === 5 || h0.res === 6, `res ${h0.res} at zoom ${await page.evaluate(() => window.__lookout.map.getZoom().toFixed(2))}`);
  r.check('hexagons are drawn on the map', drawn0 > 0, `${drawn0} rendered`);
  r.check('the hexagons are the API\'s answer for the view\'s bbox and res',
    h0.count === cells0.cells.length && drawn0 <= h0.count && drawn0 > 0, `page ${h0.count}, API ${cells0.cells.length}, rendered ${drawn0} (bbox ${h0.bbox})`);

  // Zoomed in on the riskiest cell: a finer resolution.
  await heatSettled(page, r, 'zoomed in', { center: h0.top, zoom: 10.3 });
  const [h1, drawn1, cells1] = await sameAnswer(page, r, url, 'zoomed in');
  r.check('zooming in switches to a finer resolution', h1.res === 7 && h1.res > h0.res, `res ${h0.res} → ${h1.res}`);
  r.check('the finer hexagons are drawn, as many as the API answers', drawn1 > 0 && h1.count === cells1.cells.length,
    `page ${h1.count}, API ${cells1.cells.length}, rendered ${drawn1}`);

  // The trend chart.
  const trend = await until(page, () => window.__lookout.forest.trendRendered, null, 30_000);
  const canvas = await page.$eval('#forest-trend canvas', (c) => ({ w: c.width, h: c.height })).catch(() => null);
  const days = await page.evaluate(() => window.__lookout.forest.trend);
  r.check('the trend chart is drawn on a canvas (14 days)', trend && canvas && canvas.w > 100 && canvas.h > 100 && days?.days.length === 14 &&
    days.alarms.some((n) => n > 0), `${JSON.stringify(canvas)}; ${JSON.stringify(days?.alarms)}`);

  // Today's alarms: the forest incidents opened since midnight (Shanghai).
  const midnight = (() => {
    const d = new Date(Date.now() + 8 * 3600_000);
    d.setUTCHours(0, 0, 0, 0);
    return d.getTime() - 8 * 3600_000;
  })();
  const all = await get(url, '/api/v1/incidents?domain=forest&status=new,acknowledged,verified,dispatched,on_scene,resolved,dismissed&limit=1000');
  const today = new Set(all.features.filter((f) => Date.parse(f.properties.opened) >= midnight).map((f) => f.id));
  const listed = await page.$$eval('#forest-alarms li[data-id]', (lis) => lis.map((li) => li.dataset.id));
  const disposed = await page.$$eval('#forest-alarms li b.disposal', (bs) => bs.length);
  r.check('today\'s forest alarms are listed, with disposal times where resolved',
    listed.length > 0 && listed.every((id) => today.has(id)) && Math.abs(listed.length - today.size) <= 2 &&
    (disposed > 0 || !all.features.some((f) => today.has(f.id) && f.properties.status === 'resolved')),
    `${listed.length} listed, ${today.size} today, ${disposed} with a disposal time`);

  // A click on a district in the ranking frames it.
  const target = api.districts[1].district;
  const moved = page.evaluate(() => new Promise((resolve) => window.__lookout.map.once('moveend', resolve)));
  await page.click(`#forest-ranking tr[data-district="${target}"]`);
  await Promise.race([moved, sleep(5000)]);
  const framed = await page.evaluate(() => ({ framed: window.__lookout.forest.framed, selected: document.querySelector('#forest-ranking tr.selected')?.dataset.district,
    zoom: window.__lookout.map.getZoom() }));
  r.check('a click in the ranking frames the district on the map', framed.framed === target && framed.selected === target, JSON.stringify(framed));
  await heatSettled(page, r, 'district framed');
  await shoot(page, shots, 'forest-district.png');

  // Extreme fire weather in the framed district: the cells whose class it
  // changes arrive over the WebSocket and are recoloured in place, and the
  // server's risk tiles (decoded here with @mapbox/vector-tile) carry them.
  const live0 = await page.evaluate(() => window.__lookout.forest.heat.live);
  const put = await fetch(`${url}/api/v1/heat/weather/${target}`, { method: 'PUT',
    body: JSON.stringify({ temp_c: 38, rh: 8, wind_kmh: 60, days_since_rain: 30, by: 'forest test' }) });
  const recoloured = put.ok && await until(page, (n) => window.__lookout.forest.heat.live > n, live0, 15_000);
  r.check('extreme weather recolours the district\'s hexagons live (WebSocket risk deltas)', recoloured,
    `PUT ${put.status}, ${await page.evaluate(() => window.__lookout.forest.heat.live)} cells recoloured`);
  const centre = await page.evaluate(() => window.__lookout.forest.heat.top ?? window.__lookout.map.getCenter().toArray());
  const tile = await riskTile(url, centre, 11);
  r.check('the risk tile layer draws resolution-8 hexagons with their danger', tile.n > 0 && tile.res.every((x) => x === 8) &&
    tile.danger.every((d) => ['low', 'moderate', 'high', 'very_high', 'extreme'].includes(d)), JSON.stringify({ n: tile.n, status: tile.status }));

  // Back to the city, then English.
  await heatSettled(page, r, 'city again', { center: await page.evaluate(() => window.__lookout.map.getCenter().toArray()), zoom: 7 });
  await page.click('#lang');
  const en = await until(page, () => window.__lookout.lang === 'en' && /Forest fire watch/.test(document.querySelector('#bar h1').textContent), null, 10_000);
  const enText = await page.evaluate(() => ({
    h1: document.querySelector('#bar h1').textContent,
    head: [...document.querySelectorAll('#forest-ranking th')].map((th) => th.textContent).join('|'),
    legend: document.querySelector('#forest-legend').textContent,
    first: document.querySelector('#forest-ranking tr[data-district] td.district').textContent,
    lang: document.documentElement.lang,
  }));
  r.check('the English switch turns the page into English (district names too)',
    en && /District/.test(enText.head) && /Extreme/.test(enText.legend) && /^[A-Za-z' -]+$/.test(enText.first) && enText.lang === 'en', JSON.stringify(enText));
  await settle(page, r, 'English');
  await shoot(page, shots, 'forest-en.png');
  await page.click('#lang');
  await until(page, () => window.__lookout.lang === 'zh', null, 10_000);
  await settle(page, r, 'Chinese');
  await shoot(page, shots, 'forest.png');
  finish(r, problems);
}

/** The risk tile holding [lon, lat] at zoom z, decoded: its hexagons' res and danger. */
async function riskTile(url, [lon, lat], z) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const res = await fetch(`${url}/tiles/risk/${z}/${x}/${y}.mvt`);
  const out = { status: res.status, n: 0, res: [], danger: [] };
  if (res.status !== 200) return out;
  const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.risk;
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const f = layer.feature(i);
    out.n++;
    out.res.push(f.properties.res);
    out.danger.push(f.properties.danger);
  }
  return out;
}

function finish(r, problems) {
  r.check('no console errors or failed requests (forest)', problems.length === 0, problems.slice(0, 20).join('\n  '));
}

if (isMain(import.meta.url)) main('forest', [['forest', forestSuite]]);

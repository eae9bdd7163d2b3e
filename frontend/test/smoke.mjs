// Smoke test: the real map wall in headless Chromium against a real Lookout
// server, drawing from its style and vector tiles. Run alone with
// `node test/smoke.mjs` or with the tile check by `npm test`. CHROMIUM
// overrides the browser path (test/browser.mjs). Screenshots are printed as artifacts.

import { isMain, main, sleep } from './lib.mjs';
import { newPage, settle, shoot, shotDir, watchProblems, withBrowser } from './browser.mjs';

const JIANGBEI = { center: [106.57, 29.6], zoom: 13 };

export const smokeSuite = withBrowser(run);

const QUIET_MS = 5_000;

/** Rendered features of one Lookout layer's style layers (optionally of one type). */
const rendered = (page, layer, type) => page.evaluate(([layer, type]) => {
  const { map } = window.__lookout;
  const ids = window.__lookout.styleLayers(layer).filter((id) => !type || map.getLayer(id).type === type);
  return map.queryRenderedFeatures({ layers: ids }).map((f) => ({
    layer: f.layer.id, props: f.properties,
    at: f.geometry.type === 'Point' ? map.project(f.geometry.coordinates) : null,
  }));
}, [layer, type]);

async function run(browser, url, r) {
  const page = await newPage(browser);
  const shots = shotDir('smoke');
  // Everything that went wrong in the page, except the browser's favicon probe.
  const { problems } = watchProblems(page);
  // Tile traffic, to see that a drawn map stops asking for tiles.
  const tiles = { requests: 0, cacheControl: new Set() };
  page.on('request', (q) => { if (/\/tiles\/.*\.mvt/.test(q.url())) tiles.requests++; });
  page.on('response', (q) => { if (/\/tiles\/.*\.mvt/.test(q.url())) tiles.cacheControl.add(q.headers()['cache-control']); });

  await page.goto(`${url}/`);
  await page.waitForFunction(() => window.__lookout?.mapLoaded || window.__lookout?.error);
  const startErr = await page.evaluate(() => window.__lookout.error);
  r.check('map loaded from /styles/wall.json', !startErr, startErr ?? '');
  if (startErr) return finish(r, problems);
  await settle(page, r, 'whole city');

  // 1. The whole city: 38 districts with labels, camera clusters.
  const districts = await rendered(page, 'districts', 'fill');
  const districtIds = new Set(districts.map((f) => f.props.id));
  r.check('all 38 districts rendered', districtIds.size === 38, `${districtIds.size} distinct districts`);
  const labels = await rendered(page, 'districts', 'symbol');
  const names = [...new Set(labels.map((f) => f.props.name))];
  r.check('district labels rendered (most of the 38)', names.length >= 25, `${names.length} labels, e.g. ${names.slice(0, 6).join(' ')}`);
  const cameras = await rendered(page, 'cameras', 'circle');
  const clusters = cameras.filter((f) => f.props.cluster);
  const inClusters = clusters.reduce((s, f) => s + f.props.point_count, 0);
  r.check('camera clusters rendered', clusters.length > 0, `${clusters.length} clusters holding ${inClusters}, ${cameras.length - clusters.length} single`);
  const rivers = await rendered(page, 'rivers', 'line');
  r.check('rivers rendered', rivers.length > 0, `${rivers.length} river pieces`);
  await shoot(page, shots, 'city.png');

  // 2. Panel and legend come from the style's metadata and the layer counts.
  const expected = await page.evaluate(async () => {
    const style = window.__lookout.map.getStyle();
    const tok = document.querySelector('meta[name="lookout-token"]')?.content;
    const rest = await (await fetch('/api/v1/layers', { headers: { Authorization: `Bearer ${tok}` } })).json();
    return { groups: style.metadata['lookout:groups'].map((g) => g.domain),
      counts: Object.fromEntries(rest.layers.map((l) => [l.name, l.count])) };
  });
  const panel = await page.$$eval('#layer-list section', (ss) => ss.map((s) => ({ domain: s.dataset.domain,
    rows: [...s.querySelectorAll('.layer')].map((e) => [e.dataset.layer, Number(e.dataset.count)]) })));
  const wrongCounts = panel.flatMap((s) => s.rows).filter(([n, c]) => expected.counts[n] !== c);
  r.check('panel grouped as lookout:groups, with REST counts',
    panel.map((s) => s.domain).join() === expected.groups.join() && wrongCounts.length === 0,
    `${panel.map((s) => `${s.domain}(${s.rows.length})`).join(' ')}${wrongCounts.length ? `; wrong counts ${wrongCounts}` : ''}`);
  // Each legend section is a lookout:legend entry, with its colours; layers
  // not drawn at city zoom (stalls from z15) are left out.
  const legend = await page.evaluate(() => {
    const entries = new Map(window.__lookout.map.getStyle().metadata['lookout:legend'].map((e) => [e.layer, e]));
    return [...document.querySelectorAll('#legend section')].map((s) => {
      const e = entries.get(s.dataset.layer);
      const colours = [...s.querySelectorAll('.swatch')].map((w) => w.style.getPropertyValue('--c'));
      return { layer: s.dataset.layer, ok: Boolean(e) && colours.join() === e.items.map((i) => i.color).join() };
    });
  });
  const shownLayers = legend.map((l) => l.layer);
  r.check('legend built from lookout:legend, for what is drawn',
    legend.length > 0 && legend.every((l) => l.ok) && shownLayers.includes('districts') && shownLayers.includes('cameras') &&
    !shownLayers.includes('stalls'), `[${shownLayers}]${legend.filter((l) => !l.ok).map((l) => ` mismatch ${l.layer}`)}`);

  // 3. A click on a cluster zooms in towards it.
  const cluster = await clickable(page, clusters, 'cameras');
  if (r.check('a camera cluster is clickable', cluster)) {
    const z0 = await page.evaluate(() => window.__lookout.map.getZoom());
    await click(page, cluster.at);
    await page.waitForFunction((z0) => window.__lookout.map.getZoom() > z0 + 1.9 && !window.__lookout.map.isMoving(), z0);
    const z1 = await page.evaluate(() => window.__lookout.map.getZoom());
    r.check('clicking a cluster zooms in by 2', Math.abs(z1 - z0 - 2) < 0.05, `${z0.toFixed(2)} → ${z1.toFixed(2)}`);
  }

  // 4. 江北区 at zoom 13: single vehicles; a click opens a popup with the plate.
  await settle(page, r, '江北区 z13', JIANGBEI);
  // A wall stays open for days: once drawn it must go quiet, not re-fetch and
  // re-parse every tile in view (MapLibre reloads a tile when its max-age ends).
  const quietFrom = tiles.requests;
  await sleep(QUIET_MS);
  r.check(`the drawn map goes quiet (no tile requests for ${QUIET_MS / 1000} s)`, tiles.requests === quietFrom,
    `${tiles.requests - quietFrom} tile requests; tile Cache-Control seen: ${[...tiles.cacheControl].join(' | ')}`);
  const vehicles = (await rendered(page, 'vehicles', 'circle')).filter((f) => !f.props.cluster);
  r.check('vehicles rendered in 江北区 at z13', vehicles.length > 0, `${vehicles.length} vehicles`);
  const target = await clickable(page, vehicles, 'vehicles');
  if (r.check('a vehicle is clickable', target)) {
    await click(page, target.at);
    const popup = page.locator('.maplibregl-popup .lk-popup[data-layer="vehicles"]');
    await popup.locator('table').waitFor();
    await page.waitForFunction(() => !document.querySelector('.lk-popup p.muted')); // full feature fetched
    const text = await popup.textContent();
    r.check('popup shows the vehicle with its plate and schema titles',
      text.includes(target.props.plate) && text.includes('车牌') && text.includes('驾驶员'), text.slice(0, 160));
  }
  await shoot(page, shots, 'jiangbei.png');

  // The open popup follows a language switch (field titles from the catalogue).
  await page.click('#lang');
  const popupEn = await page.locator('.maplibregl-popup .lk-popup').textContent().catch(() => '');
  await page.click('#lang');
  r.check('popup re-renders in English', /Plate/.test(popupEn) && /Driver/.test(popupEn), popupEn.slice(0, 80));
  await page.locator('.maplibregl-popup-close-button').click().catch(() => {});

  // 5. The vehicles checkbox hides and shows all its style layers and its legend.
  const box = page.locator('#layer-list .layer[data-layer="vehicles"] input');
  const vis = () => page.evaluate(() => window.__lookout.styleLayers('vehicles')
    .map((id) => window.__lookout.map.getLayoutProperty(id, 'visibility') ?? 'visible'));
  await box.uncheck();
  const hidden = await vis();
  const legendHidden = await page.$('#legend section[data-layer="vehicles"]');
  await box.check();
  const shown = await vis();
  r.check('checkbox toggles every vehicles style layer and its legend',
    hidden.every((v) => v === 'none') && shown.every((v) => v === 'visible') && !legendHidden,
    `${hidden} → ${shown}`);

  // 6. Language: zh by default; English switches UI text and label expressions.
  await settle(page, r, 'back to the city', { center: [107.75, 30.2], zoom: 7 });
  const heading = page.locator('#panel h2[data-i18n="layers"]');
  const before = await heading.textContent();
  await page.click('#lang');
  await settle(page, r, 'English labels');
  const after = await heading.textContent();
  const en = await page.evaluate(() => {
    const { map } = window.__lookout;
    const layer = map.getStyle().layers.find((l) => l.metadata?.['lookout:text'] && l.metadata['lookout:layer'] === 'districts');
    const rendered = map.queryRenderedFeatures({ layers: [layer.id] });
    return { same: JSON.stringify(map.getLayoutProperty(layer.id, 'text-field')) === JSON.stringify(layer.metadata['lookout:text'].en),
      group: document.querySelector('#layer-list section[data-domain="fleet"] h3')?.textContent,
      latin: rendered.filter((f) => /^[\x20-\x7e]+$/.test(f.properties.name_en ?? '')).length };
  });
  r.check('language switch zh → en: UI, groups, label expressions',
    before === '图层' && after === 'Layers' && en.same && /[a-z]/i.test(en.group ?? ''),
    `"${before}" → "${after}", group "${en.group}", district text-field en: ${en.same}, ${en.latin} Latin labels`);
  await shoot(page, shots, 'city-en.png');
  await page.click('#lang');

  const mapError = await page.evaluate(() => window.__lookout.mapError);
  if (mapError) problems.push(`map error event: ${mapError}`);
  return finish(r, problems);
}

/** The first candidate whose point is not under the panel or the right column and whose top hit is its own layer. */
async function clickable(page, candidates, layer) {
  const box = await page.locator('#map').boundingBox();
  const edge = await page.evaluate(() => ({ left: document.getElementById('panel').getBoundingClientRect().right,
    right: document.getElementById('right').getBoundingClientRect().left }));
  const free = candidates.filter((f) => f.at.x > edge.left + 28 && f.at.x < edge.right - 15 && f.at.y > 40 && f.at.y < box.height - 40);
  for (const f of free) {
    const top = await page.evaluate(({ x, y }) => {
      const { map } = window.__lookout;
      const ids = map.getStyle().layers.filter((l) => l.metadata?.['lookout:layer']).map((l) => l.id);
      return map.queryRenderedFeatures([[x - 5, y - 5], [x + 5, y + 5]], { layers: ids })[0]?.layer.metadata['lookout:layer'];
    }, f.at);
    if (top === layer) return f;
  }
  return null;
}

async function click(page, at) {
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + at.x, box.y + at.y);
}

function finish(r, problems) {
  r.check('no console errors or failed requests', problems.length === 0, problems.slice(0, 20).join('\n  '));
}

if (isMain(import.meta.url)) main('smoke', [['smoke', smokeSuite]]);

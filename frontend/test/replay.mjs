// The track replay at /replay in headless Chromium, on a track the test
// makes itself: two responders of a unit of their own (off duty, so nobody
// dispatches them), their fixes posted through POST /api/v1/ingest with
// times over the last 14 minutes — the first drives east, stops six minutes,
// drives north; the second drives without stopping, 3 km away.
//
// Checked: the wall's header links to /replay; the picker adds a case's
// co-defendants, a bureau's vehicles and a unit's responders (as many as the
// REST API lists) and finds them by name; the tracks are the API's answer;
// at the end of the window the markers are drawn where the last fixes are;
// the slider moves the clock and the markers (interpolated between two
// fixes), the trail grows; the stop circle appears when the stop begins,
// with its duration so far, and its full duration after it; playing moves
// the clock at the chosen speed; the polygon tool lists the known responder
// with the API's entry and exit times (between the fixes either side of the
// edge), and a click on its row puts it back into the replay; English; the
// server's reason on a refused request; no console errors; screenshots.
//
//   node test/replay.mjs   (LOOKOUT_URL, or LOOKOUT_BIN / go run as in lib.mjs)

import { isMain, main, sleep, api } from './lib.mjs';
import { newPage, settle, shoot, shotDir, watchProblems, withBrowser } from './browser.mjs';

// Names of this run's own, so that a second run against the same server
// (LOOKOUT_URL) finds only its own objects.
const RUN = Date.now().toString(36).slice(-5);
const UNIT = `回放测试大队${RUN}`;
const A = { id: `rsp-replay-${RUN}-a`, name: `回放测试一号${RUN}` };
const B = { id: `rsp-replay-${RUN}-b`, name: `回放测试二号${RUN}` };
const STEP = 30_000; // a fix every 30 s
const LEG = 300; // metres between two fixes on the move

export const replaySuite = withBrowser(run);

const get = (url, path) => api(url, 'GET', path);

/** HH:MM:SS (and HH:MM) in Asia/Shanghai, as the page writes it (i18n.js timeOfDay). */
const clockOf = (ms) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit',
  hourCycle: 'h23' }).format(new Date(ms));
const metres = ([x1, y1], [x2, y2]) => Math.hypot((x2 - x1) * Math.cos(((y1 + y2) / 2) * Math.PI / 180), y2 - y1) * 111_320;
const east = ([x, y], m) => [x + m / (111_320 * Math.cos((y * Math.PI) / 180)), y];
const north = ([x, y], m) => [x, y + m / 111_320];
const until = (page, fn, arg, ms = 15_000) => page.waitForFunction(fn, arg, { timeout: ms, polling: 50 }).then(() => true, () => false);
const replay = (page) => page.evaluate(() => window.__lookout.replay);

/**
 * The known tracks, ending a minute ago. A: 8 legs east (4 min), a stop of
 * 6 min at S (fixes jittering a few metres), 6 legs north (3 min). B: 26
 * legs east, 3 km south of A, never stopping.
 */
function plan(now) {
  const t0 = now - 14 * 60_000;
  const p0 = [106.70, 29.62];
  const a = [];
  let p = p0;
  for (let i = 0; i <= 8; i++, p = east(p, LEG)) a.push([p[0], p[1], t0 + i * STEP]);
  const S = [a[8][0], a[8][1]];
  for (let i = 1; i <= 12; i++) a.push([...east(north(S, (i % 3) * 3 - 3), (i % 2) * 4), t0 + (8 + i) * STEP]);
  p = S;
  for (let i = 1; i <= 6; i++) {
    p = north(p, LEG);
    a.push([p[0], p[1], t0 + (20 + i) * STEP]);
  }
  const b = [];
  let q = north(p0, -3000);
  for (let i = 0; i <= 26; i++, q = east(q, 250)) b.push([q[0], q[1], t0 + i * STEP]);
  return { t0, a, b, S, stop: { from: t0 + 8 * STEP, to: t0 + 20 * STEP } };
}

async function makeKnownTracks(url) {
  const k = plan(Math.floor(Date.now() / 1000) * 1000);
  for (const [o, pts] of [[A, k.a], [B, k.b]]) {
    const last = pts.at(-1);
    // Created where its track ends, so the create's own point (now) adds no leg.
    await api(url, 'PUT', `/api/v1/layers/responders/features/${o.id}`, {
      type: 'Feature', geometry: { type: 'Point', coordinates: [last[0], last[1]] },
      properties: { name: o.name, kind: 'patrol_car', unit: UNIT, availability: 'off_duty', members: 2, capabilities: 'patrol' },
    });
    const items = pts.map(([lon, lat, at]) => ({ type: 'position', layer: 'responders', id: o.id, lon, lat, time: new Date(at).toISOString(), speed: 30, heading: 90 }));
    const res = await api(url, 'POST', '/api/v1/ingest', { items });
    if (res.rejected) throw new Error(`ingest rejected: ${JSON.stringify(res).slice(0, 300)}`);
  }
  return k;
}

/** The map's canvas position on the page, to click at a projected point. */
async function pixel(page, lngLat) {
  return page.evaluate((c) => {
    const { map } = window.__lookout;
    const p = map.project(c);
    const r = map.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lngLat);
}

/** The rendered features of a replay layer whose key is `key`, at a pixel's neighbourhood or anywhere. */
const rendered = (page, layer, key, at = null) => page.evaluate(([layer, key, at]) => {
  const { map } = window.__lookout;
  const box = at && [[at[0] - 6, at[1] - 6], [at[0] + 6, at[1] + 6]];
  const fs = box ? map.queryRenderedFeatures(box, { layers: [layer] }) : map.queryRenderedFeatures({ layers: [layer] });
  return fs.filter((f) => f.properties.key === key).map((f) => ({ props: f.properties, coords: f.geometry.coordinates }));
}, [layer, key, at]);

/** Moves the slider to t (whole seconds) and waits for the frame drawn there. */
async function seek(page, r, t) {
  await page.fill('#replay-slider', String(t));
  const ok = await until(page, (tm) => window.__lookout.replay.frame?.t === tm, t);
  if (!ok) r.check(`the slider moves the clock to ${new Date(t).toISOString()}`, false, JSON.stringify((await replay(page)).clock));
  await settle(page, r, `at ${clockOf(t)}`);
}

async function run(browser, url, r) {
  const shots = shotDir('replay');
  // The endpoints the page is built on.
  const probe = await fetch(`${url}/api/v1/tracks?ids=responders/none&from=${new Date(Date.now() - 60_000).toISOString()}&to=${new Date().toISOString()}`);
  if (!r.check('the server has GET /api/v1/tracks', probe.status !== 404 || !/no such|not found/i.test(await probe.text()), `HTTP ${probe.status}`)) return;
  const k = await makeKnownTracks(url);
  const key = `responders/${A.id}`;
  const keyB = `responders/${B.id}`;

  const page = await newPage(browser);
  const { problems } = watchProblems(page);

  // The wall links to the replay from its header.
  await page.goto(`${url}/`);
  const link = page.locator('#panel header nav a[href="replay"]');
  await link.waitFor();
  r.check('the map wall\'s header links to the replay (轨迹回放)', (await link.textContent()) === '轨迹回放', await link.textContent());
  await link.click();
  await page.waitForURL(/\/replay(\?|$)/);
  const started = await until(page, () => window.__lookout?.mode === 'replay' && window.__lookout.mapLoaded && window.__lookout.replay.directory, null, 60_000);
  const st0 = await replay(page);
  r.check('the replay page starts (map, objects read, last hour)', started && st0.directory.entries > 3000 && st0.directory.errors.length === 0 &&
    st0.window.preset === '1h' && st0.window.to - st0.window.from === 3600_000, JSON.stringify({ directory: st0?.directory, window: st0?.window }));
  if (!started) return finish(r, problems);

  // A case's co-defendants: the first case of the demo with three or more people.
  const persons = (await get(url, '/api/v1/layers/custody_persons/features?limit=10000')).features;
  const byCase = new Map();
  for (const f of persons) byCase.set(f.properties.case, [...(byCase.get(f.properties.case) ?? []), `custody_persons/${f.id}`]);
  const [caseNo, members] = [...byCase].find(([, m]) => m.length >= 3);
  await page.fill('#replay-filter', caseNo);
  const caseRow = page.locator('#replay-rows li').first();
  const caseText = await caseRow.textContent();
  await caseRow.click();
  let st = await replay(page);
  r.check('the case tab adds a case\'s co-defendants (custody_persons sharing "case")',
    st.selected.length === members.length && members.every((m) => st.selected.some((o) => o.key === m)) && caseText.includes(`${members.length} 人`),
    `${caseNo}: "${caseText}", ${st.selected.length} chosen of ${members.length}`);
  await page.click('#replay-legend button.clear');

  // A bureau's vehicles (使用单位).
  const vehicles = (await get(url, '/api/v1/layers/vehicles/features?limit=10000')).features;
  const unit = '江北区人民法院';
  const ofUnit = vehicles.filter((f) => f.properties.unit === unit).map((f) => `vehicles/${f.id}`);
  await page.click('#replay-pick [data-tab="unit"]');
  await page.fill('#replay-filter', unit);
  await page.locator('#replay-rows li').first().click();
  st = await replay(page);
  r.check('the bureau tab adds a bureau\'s vehicles (vehicles\' "unit")', ofUnit.length > 0 && st.selected.length === ofUnit.length &&
    ofUnit.every((m) => st.selected.some((o) => o.key === m)), `${unit}: ${st.selected.length} chosen of ${ofUnit.length}`);
  const vehAnswered = await until(page, () => window.__lookout.replay.answered, null, 20_000);
  st = await replay(page);
  r.check('their tracks are asked for and answered (one per vehicle)', vehAnswered && !st.error && st.tracks.length === ofUnit.length,
    `${st.tracks.length} tracks, error ${JSON.stringify(st.error)}`);
  await page.click('#replay-legend button.clear');

  // A unit's responders: the two of the test, the last 15 minutes.
  await page.click('#replay-pick [data-tab="responders"]');
  await page.fill('#replay-filter', UNIT);
  await page.locator('#replay-rows li').first().click();
  await page.click('#replay-window [data-preset="15m"]');
  st = await replay(page);
  r.check('the responders tab adds a unit\'s responders; the 15-minute preset', st.selected.map((o) => o.key).sort().join() === [key, keyB].join() &&
    st.window.preset === '15m' && st.window.to - st.window.from === 900_000, JSON.stringify({ selected: st.selected.map((o) => o.key), window: st.window }));
  await page.click('#replay-pick [data-tab="search"]');
  await page.fill('#replay-filter', A.name);
  const found = await page.locator('#replay-rows li').first().getAttribute('data-keys');
  const ticked = await page.locator('#replay-rows li').first().evaluate((li) => li.classList.contains('in'));
  r.check('search finds an object by name (ticked as chosen)', found === key && ticked, `${found}, ticked ${ticked}`);

  const answered = await until(page, () => window.__lookout.replay.answered && window.__lookout.replay.tracks.length === 2, null, 20_000);
  st = await replay(page);
  const ta = st.tracks.find((x) => x.key === key);
  const tb = st.tracks.find((x) => x.key === keyB);
  const apiA = (await get(url, `/api/v1/tracks?ids=${key}&from=${new Date(st.window.from).toISOString()}&to=${new Date(st.window.to).toISOString()}`)).tracks[0];
  const apiStops = apiA.segments.filter((s) => s.kind === 'stopped');
  r.check('the tracks are drawn from the API\'s answer (points, stops)', answered && ta && tb && ta.points === apiA.points.length && ta.points >= k.a.length &&
    ta.stops.length === apiStops.length && tb.stops.length === 0, JSON.stringify({ page: ta && { points: ta.points, stops: ta.stops.length }, api: { points: apiA.points.length, stops: apiStops.length }, b: tb?.stops.length }));
  const stop = ta?.stops[0];
  r.check('the known stop: one, six minutes, at the place it was made', ta?.stops.length === 1 && Math.abs(stop.from - k.stop.from) <= 1000 &&
    Math.abs(stop.to - k.stop.to) <= 1000 && metres(stop.center, k.S) < 25,
    JSON.stringify({ stops: ta?.stops, want: { from: k.stop.from, to: k.stop.to, at: k.S } }));
  const moving = apiA.segments.filter((s) => s.kind === 'moving').reduce((s, x) => s + x.distance_m, 0);
  const legendM = Number(await page.locator(`#replay-legend li[data-key="${key}"] .distance`).getAttribute('data-m'));
  r.check('the legend gives the distance travelled (the moving legs: 14 × 300 m)', Math.abs(legendM - 14 * LEG) < 60 && Math.abs(legendM - moving) < 60,
    `legend ${legendM} m, API moving segments ${moving.toFixed(0)} m`);
  const stopRow = await page.locator(`#replay-legend li[data-key="${key}"] .stop-list li`).first().textContent().catch(() => '');
  r.check('the legend lists the stop with its times and duration', stopRow.includes(clockOf(k.stop.from).slice(0, 5)) && stopRow.includes(clockOf(k.stop.to).slice(0, 5)) &&
    stopRow.includes('6分钟'), stopRow);
  if (!ta || !stop) return finish(r, problems);

  // At the end of the window: each marker at its last fix.
  await settle(page, r, 'tracks framed');
  const end = st.window.to;
  const lastA = [k.a.at(-1)[0], k.a.at(-1)[1]];
  const pxEnd = await pixel(page, lastA);
  const canvas = await page.evaluate(() => window.__lookout.map.getContainer().getBoundingClientRect().toJSON());
  const atEnd = await rendered(page, 'replay-marker', key, [pxEnd.x - canvas.left, pxEnd.y - canvas.top]);
  r.check('at the window\'s end the marker is drawn at the last fix', st.clock.t === end && atEnd.length === 1 && metres(atEnd[0].coords, lastA) < 2,
    JSON.stringify({ t: st.clock.t, end, atEnd }));
  const clockEnd = await page.textContent('#replay-clock .time');
  r.check('the clock shows the slider\'s time (Asia/Shanghai)', clockEnd === clockOf(end), `${clockEnd} vs ${clockOf(end)}`);

  // Half-way between two fixes of the first leg: interpolated; no stop yet.
  const mid = k.t0 + 4 * STEP + STEP / 2;
  await seek(page, r, mid);
  st = await replay(page);
  const want = [(k.a[4][0] + k.a[5][0]) / 2, (k.a[4][1] + k.a[5][1]) / 2];
  const posA = st.tracks.find((x) => x.key === key).position;
  const markerMid = await rendered(page, 'replay-marker', key);
  const trailMid = await rendered(page, 'replay-trail', key);
  const stopsMid = await rendered(page, 'replay-stop', key);
  r.check('the slider moves the clock and the markers (interpolated half-way between two fixes)',
    (await page.textContent('#replay-clock .time')) === clockOf(mid) && posA.state === 'moving' && metres(posA.at, want) < 1 &&
    markerMid.length === 1 && metres(markerMid[0].coords, want) < 2,
    JSON.stringify({ clock: await page.textContent('#replay-clock .time'), pos: posA, want, drawn: markerMid[0]?.coords }));
  r.check('the trail so far is drawn, and no stop before it begins', trailMid.length >= 1 && stopsMid.length === 0,
    `${trailMid.length} trail pieces, ${stopsMid.length} stops`);

  // Inside the stop: the circle, with the duration so far; after it, the full six minutes.
  await seek(page, r, k.stop.from + 3 * 60_000);
  const during = await rendered(page, 'replay-stop', key);
  const pxS = await pixel(page, k.S);
  const atS = await rendered(page, 'replay-stop', key, [pxS.x - canvas.left, pxS.y - canvas.top]);
  r.check('the stop circle appears where it stopped, with the time stopped so far (停留 3分钟)', during.length === 1 && atS.length === 1 &&
    during[0].props.label === '停留 3分钟', JSON.stringify(during.map((f) => f.props)));
  await seek(page, r, k.stop.to + 2 * STEP);
  const after = await rendered(page, 'replay-stop', key);
  r.check('after the stop the circle says its whole duration (停留 6分钟)', after.length === 1 && after[0].props.label === '停留 6分钟',
    JSON.stringify(after.map((f) => f.props)));

  // A drag on the slider with the mouse.
  const box = await page.locator('#replay-slider').boundingBox();
  const before = (await replay(page)).clock.t;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = (await replay(page)).clock;
  const frac = (dragged.t - dragged.from) / (dragged.to - dragged.from);
  r.check('dragging the slider moves the clock', dragged.t < before && frac > 0.1 && frac < 0.3, `fraction ${frac.toFixed(2)}`);

  // Play at 60×: the clock runs about a minute per second.
  await page.click('#replay-player [data-speed="60"]');
  const sample = () => page.evaluate(() => ({ t: window.__lookout.replay.clock.t, at: performance.now(), playing: window.__lookout.replay.clock.playing }));
  const p0 = (await replay(page)).tracks.find((x) => x.key === key).position;
  await page.click('#replay-play');
  const s0 = await sample();
  await sleep(2000);
  const s1 = await sample();
  await page.click('#replay-play');
  const played = await replay(page);
  const rate = (s1.t - s0.t) / (s1.at - s0.at);
  const moved = played.tracks.find((x) => x.key === key).position;
  r.check('play runs the clock at the chosen speed (60×), the marker moves, pause stops it', s0.playing && !played.clock.playing &&
    played.clock.speed === 60 && rate > 40 && rate < 80 && metres(p0.at, moved.at) > 100,
    `${((s1.t - s0.t) / 1000).toFixed(0)} s of replay in ${((s1.at - s0.at) / 1000).toFixed(1)} s (${rate.toFixed(1)}×); marker ${JSON.stringify(p0.at)} → ${JSON.stringify(moved.at)}`);

  // Who was here: a box of ±120 m around the stop, drawn with the mouse.
  await seek(page, r, end);
  await settle(page, r, 'at the stop', { center: k.S, zoom: 16 });
  const corners = [[-120, -120], [120, -120], [120, 120], [-120, 120]].map(([dx, dy]) => north(east(k.S, dx), dy));
  await page.click('#replay-draw');
  for (const c of corners.slice(0, 3)) {
    const p = await pixel(page, c);
    await page.mouse.click(p.x, p.y);
  }
  const p4 = await pixel(page, corners[3]);
  await page.mouse.dblclick(p4.x, p4.y);
  const listed = await until(page, () => {
    const w = window.__lookout.replay.within;
    return w.ring && !w.loading && (w.visits || w.error);
  }, null, 20_000);
  st = await replay(page);
  const ring = st.within.ring;
  r.check('the polygon is closed by a double-click (4 corners, no zoom)', ring?.length === 5 &&
    Math.abs((await page.evaluate(() => window.__lookout.map.getZoom())) - 16) < 0.01, JSON.stringify({ ring, draw: st.draw }));
  const q = new URLSearchParams({ polygon: ring.slice(0, -1).map(([x, y]) => `${x.toFixed(6)} ${y.toFixed(6)}`).join(','),
    from: new Date(st.window.from).toISOString(), to: new Date(st.window.to).toISOString() });
  const apiVisits = listed && !st.within.error ? (await get(url, `/api/v1/history/within?${q}`)).visits : [];
  const mine = apiVisits.find((v) => v.layer === 'responders' && v.id === A.id);
  const enter = Date.parse(mine?.enter);
  const exit = Date.parse(mine?.exit);
  r.check('the API puts the known responder inside from its arrival to its departure', mine && !mine.inside_at_start && !mine.inside_at_end &&
    enter >= k.t0 + 7 * STEP && enter <= k.stop.from && exit >= k.stop.to && exit <= k.stop.to + STEP &&
    !apiVisits.some((v) => v.id === B.id), JSON.stringify({ mine, error: st.within.error, want: { enter: [k.t0 + 7 * STEP, k.stop.from], exit: [k.stop.to, k.stop.to + STEP] } }));
  const row = page.locator(`#replay-visits li[data-key="${key}"]`);
  const rowText = (await row.count()) ? await row.first().textContent() : '';
  r.check('the polygon tool lists it with its entry and exit times', listed && !st.within.error && st.within.visits.length === apiVisits.length &&
    rowText.includes(clockOf(enter)) && rowText.includes(clockOf(exit)), `"${rowText}"; ${st.within.visits?.length} listed, API ${apiVisits.length}; ${JSON.stringify(st.within.error)}`);

  // Take it out of the replay, then back by a click on its visit.
  await page.click(`#replay-legend li[data-key="${key}"] button.remove`);
  const out = (await replay(page)).selected.map((o) => o.key);
  await row.first().click();
  await until(page, () => window.__lookout.replay.answered && window.__lookout.replay.tracks.length === 2, null, 20_000);
  const back = await replay(page);
  r.check('a click on a visit adds the object to the replay', !out.includes(key) && back.selected.some((o) => o.key === key) &&
    back.tracks.some((x) => x.key === key), JSON.stringify({ out, back: back.selected.map((o) => o.key) }));
  await seek(page, r, k.stop.to + 2 * STEP);
  const all = [...k.a, ...k.b];
  const bounds = [[Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1]))], [Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))]];
  await page.evaluate((b) => window.__lookout.map.fitBounds(b, { padding: 80, animate: false }), bounds);
  await settle(page, r, 'both tracks');
  await shoot(page, shots, 'replay.png');

  // A custom window (Shanghai wall time, to the minute) around the known track; a backwards one is refused.
  const wall = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
  const cFrom = Math.floor(k.t0 / 60_000) * 60_000 - 60_000;
  const cTo = Math.ceil(k.a.at(-1)[2] / 60_000) * 60_000 + 60_000;
  await page.click('#replay-window [data-preset="custom"]');
  await page.fill('#replay-from', wall(cTo));
  await page.fill('#replay-to', wall(cFrom));
  await page.click('#replay-window form button');
  const refused = await page.textContent('#replay-window p.span');
  await page.fill('#replay-from', wall(cFrom));
  await page.fill('#replay-to', wall(cTo));
  await page.click('#replay-window form button');
  const custom = await until(page, (w) => {
    const s = window.__lookout.replay;
    return s.window.preset === 'custom' && s.window.from === w[0] && s.window.to === w[1] && s.answered;
  }, [cFrom, cTo], 20_000);
  st = await replay(page);
  const inCustom = (await get(url, `/api/v1/tracks?ids=${key}&from=${new Date(cFrom).toISOString()}&to=${new Date(cTo).toISOString()}`)).tracks[0];
  const tc = st.tracks.find((x) => x.key === key);
  r.check('a custom window from/to (Shanghai time) replays that window; a backwards one is refused', refused === '开始时间须早于结束时间' && custom &&
    tc?.points === inCustom.points.length && tc?.stops.length === 1 && st.clock.from === cFrom && st.clock.to === cTo,
    JSON.stringify({ refused, window: st.window, want: [cFrom, cTo], points: tc?.points, api: inCustom.points.length }));

  // English.
  await page.click('#lang');
  const en = await until(page, () => window.__lookout.lang === 'en' && document.querySelector('#bar h1').textContent === 'Track replay', null, 10_000);
  const enText = await page.evaluate((key) => ({
    tabs: [...document.querySelectorAll('#replay-pick .tabs button')].map((b) => b.textContent).join('|'),
    stops: document.querySelector(`#replay-legend li[data-key="${key}"] .stops`)?.textContent,
    row: document.querySelector(`#replay-legend li[data-key="${key}"] .stop-list li`)?.textContent,
    within: document.querySelector('#replay-within h2').textContent,
    presets: [...document.querySelectorAll('#replay-window .presets button')].map((b) => b.textContent).join('|'),
    lang: document.documentElement.lang,
  }), key);
  await settle(page, r, 'English');
  const enStop = await rendered(page, 'replay-stop', key);
  r.check('the English switch turns the page into English (the stop labels too)', en && enText.tabs === 'Co-defendants|Bureau vehicles|Responders|Search' &&
    /stops: 1/.test(enText.stops) && /stopped 6 min/.test(enText.row) && enText.within === 'Who was here' && enText.lang === 'en' &&
    enStop[0]?.props.label === 'stopped 6 min', JSON.stringify({ ...enText, label: enStop[0]?.props.label }));
  await shoot(page, shots, 'replay-en.png');
  await page.click('#lang');
  await until(page, () => window.__lookout.lang === 'zh', null, 10_000);
  finish(r, problems);
  await page.close();

  // A request the server refuses: its reason is shown.
  const bad = 'districts/500105';
  const asked = await fetch(`${url}/api/v1/tracks?ids=${bad}&from=${new Date(Date.now() - 900_000).toISOString()}&to=${new Date().toISOString()}`);
  const refusal = asked.ok ? null : (await asked.json())?.error;
  if (!refusal) {
    console.log(`     (skipped: the server answers ${asked.status} for ${bad}, nothing to refuse)`);
    return;
  }
  const page2 = await newPage(browser);
  await page2.goto(`${url}/replay?ids=${bad}`);
  const shown = await until(page2, () => window.__lookout?.replay?.error, null, 30_000);
  const status = await page2.textContent('#replay-status');
  r.check('a refused request shows the server\'s reason', shown && status.includes(refusal.reason), `"${status}" vs ${JSON.stringify(refusal)}`);
  await page2.close();
}

function finish(r, problems) {
  r.check('no console errors or failed requests (replay)', problems.length === 0, problems.slice(0, 20).join('\n  '));
}

if (isMain(import.meta.url)) main('replay', [['replay', replaySuite]]);

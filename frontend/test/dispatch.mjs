// Dispatch console test: the dispatcher's page at /dispatch against a real
// Lookout server in headless Chromium. The incident is made the real way
// (an infrared detector's alarm through POST /api/v1/ingest: the rules
// engine opens an incident), and the responder's movements too (its fixes
// through the same ingest, as its phone would send them).
//
//   1. the console's layout: bar, queue, map; the queue lists the open
//      incidents as the REST API does; the new incident reaches it live;
//   2. a click opens it: title, status, the stage clock (alarm time, a
//      stopwatch that runs, 接警 next), the recommendations in the order of
//      the server's answer, each with kind, distance, ETA and the reason;
//      on the map the candidates ringed and numbered with lines to the
//      incident; keys 1–9 tick, Esc clears the ticks (not the incident),
//      ↑/↓ move the cursor, J/K step through the queue;
//   3. one click dispatches the first recommendation: the assignment comes
//      over the WebSocket into the console, the responder is busy (live
//      state, its row, the map), the stage clock shows 派遣, the server agrees;
//   4. the responder's fixes by ingest: half-way it is en route, at the
//      incident on scene — the console, the stage clock (到场), the map;
//   5. a stale console (sockets held off, list frozen) sends, by 1 and
//      Enter, a responder another dispatcher has just sent: the 409 and
//      the server's reason are shown, and the list catches up; the console
//      releases that responder again;
//   6. the console in English; resolving releases every task and the
//      incident leaves the queue; no console errors.
//
// Run alone with `node test/dispatch.mjs`, or with the others by `npm test`.

import { isMain, main, sleep, api } from './lib.mjs';
import { newPage, settle, shoot, shotDir, watchProblems, withBrowser } from './browser.mjs';

const OPEN = ['new', 'acknowledged', 'verified', 'dispatched', 'on_scene'];
const LIVE_WITHIN = 5000;

export const dispatchSuite = withBrowser(run);

const get = (url, path) => api(url, 'GET', path);
const ingest = async (url, items) => {
  const body = await api(url, 'POST', '/api/v1/ingest', { items });
  if (body.rejected) throw new Error(`ingest rejected: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
};

const time = (v) => Date.parse(v ?? '') || 0;
const order = (a, b) => (b.properties.severity ?? 0) - (a.properties.severity ?? 0) ||
  time(b.properties.last_alert) - time(a.properties.last_alert) || String(a.id).localeCompare(String(b.id));
const km = ([x1, y1], [x2, y2]) => Math.hypot((x2 - x1) * Math.cos(((y1 + y2) / 2) * Math.PI / 180), y2 - y1) * 111.32;

/** HH:MM:SS in Asia/Shanghai, as the page writes it (i18n.js timeOfDay). */
const clockOf = (iso) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit',
  hourCycle: 'h23' }).format(new Date(iso));
/** A distance as the console writes it in Chinese (dispatchview.js distance). */
const distZh = (m) => (m < 1000 ? `${Math.round(m).toLocaleString('zh-CN')} 米` : `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} 公里`);
/** A duration as the console writes it in Chinese (i18n.js duration). */
function durZh(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}秒`;
  if (s < 3600) return `${Math.floor(s / 60)}分${s % 60}秒`;
  if (s < 86400) return `${Math.floor(s / 3600)}小时${Math.floor((s % 3600) / 60)}分`;
  return `${Math.floor(s / 86400)}天${Math.floor((s % 86400) / 3600)}小时`;
}

/** An online infrared detector at least `away` km from every open forest incident. */
async function quietDetector(url, away, skip = new Set()) {
  const open = (await get(url, `/api/v1/incidents?status=${OPEN.join(',')}&domain=forest`)).features.map((f) => f.geometry.coordinates);
  const { features } = await get(url, '/api/v1/layers/ir_detectors/features?limit=600');
  return features.filter((f) => f.properties.status === 'online' && f.geometry.type === 'Point' && !skip.has(f.id) &&
    open.every((c) => km(c, f.geometry.coordinates) > away));
}

/** Polls the open incidents until one has this subject; resolves it or null. */
async function incidentOf(url, subject, ms) {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(100)) {
    const f = (await get(url, `/api/v1/incidents?status=${OPEN.join(',')}`)).features.find((x) => x.properties.subject === subject);
    if (f) return f;
  }
  return null;
}

const until = (page, fn, arg, ms = 10_000) => page.waitForFunction(fn, arg, { timeout: ms, polling: 50 }).then(() => true, () => false);
const dispatchState = (page) => page.evaluate(() => window.__lookout.dispatch);
const recRows = (page) => page.$$eval('#incident .rec-list .cand', (lis) => lis.map((li) => ({ id: li.dataset.id, rank: li.dataset.rank,
  text: li.textContent, cursor: li.classList.contains('cursor'), ticked: li.classList.contains('ticked'), busy: li.classList.contains('busy') })));

async function run(browser, url, r) {
  const page = await newPage(browser);
  const shots = shotDir('dispatch');
  const { problems, tolerate } = watchProblems(page);
  // Every recommendation the page is served, newest last.
  const answers = [];
  page.on('response', async (q) => {
    if (!/\/api\/v1\/incidents\/[^/]+\/recommend(\?|$)/.test(new URL(q.url()).pathname + '?') || q.request().method() !== 'GET' || q.status() !== 200) return;
    try {
      answers.push({ at: Date.now(), url: q.url(), body: await q.json() });
    } catch { /* the page moved on */ }
  });

  await page.goto(`${url}/dispatch`);
  await page.waitForFunction(() => window.__lookout?.mapLoaded || window.__lookout?.error);
  const startErr = await page.evaluate(() => window.__lookout.error);
  if (!r.check('console loaded at /dispatch', !startErr && (await page.evaluate(() => window.__lookout.mode)) === 'console', startErr ?? '')) return;
  await settle(page, r, 'console, whole city');

  // ---- 1. layout, queue -------------------------------------------------------
  const layout = await page.evaluate(() => {
    const box = (id) => document.getElementById(id)?.getBoundingClientRect();
    const [q, m, b] = [box('queue'), box('map'), box('bar')];
    return { bar: document.querySelector('#bar h1')?.textContent, pick: document.getElementById('console-pick')?.textContent,
      wall: Boolean(document.getElementById('panel')), q: q && [q.left, q.right], m: m && [m.left, m.right, m.top], barBottom: b?.bottom,
      lang: document.getElementById('lang')?.textContent, title: document.title };
  });
  r.check('the console\'s layout: bar (title, EN), queue on the left, map on the right, no wall panel',
    layout.bar === 'Lookout 一键交办' && layout.lang === 'EN' && !layout.wall && layout.q[0] === 0 && layout.m[0] >= layout.q[1] + 300 &&
    layout.m[2] >= layout.barBottom - 1 && layout.pick.includes('从左侧队列选择一个事件') && layout.title.includes('调度台'), JSON.stringify(layout));

  await until(page, () => window.__lookout.queue?.loaded && window.__lookout.live?.channel('city')?.snapshots > 0);
  const city = await page.evaluate(() => window.__lookout.live.channel('city'));
  r.check('one socket over the city: incidents, responders and assignments (hidden on the wall) at every zoom',
    city.state === 'live' && ['incidents', 'responders', 'assignments'].every((l) => city.want.layers.includes(l)) &&
    (await page.evaluate(() => window.__lookout.live.channel('view').state)) === 'idle', JSON.stringify(city.want));
  let same = false;
  let detail = '';
  for (let i = 0; i < 5 && !same; i++) { // the simulator may open one in between
    const rest = (await get(url, `/api/v1/incidents?status=${OPEN.join(',')}`)).features.sort(order).map((f) => f.id);
    const shown = await page.evaluate(() => window.__lookout.queue.ids);
    same = rest.join() === shown.join();
    detail = `REST ${rest.length} [${rest.slice(0, 4)}…], queue ${shown.length} [${shown.slice(0, 4)}…]`;
    if (!same) await sleep(300);
  }
  r.check('the queue lists the open incidents of the REST API in the wall\'s order', same, detail);

  // An alarm by ingest where responders can reach it: at least two candidates.
  let inc = null;
  let first = null;
  const tried = new Set();
  const why = [];
  for (let i = 0; i < 4 && !inc; i++) {
    const ir = (await quietDetector(url, 12, tried))[i * 7] ?? null;
    if (!ir) {
      why.push('no quiet detector left');
      break;
    }
    tried.add(ir.id);
    await ingest(url, [{ type: 'event', layer: 'ir_detectors', id: ir.id, event: 'alarm', properties: { status: 'alarm' } }]);
    const f = await incidentOf(url, `ir_detectors/${ir.id}`, LIVE_WITHIN);
    if (!f) {
      why.push(`${ir.id}: no incident`);
      continue;
    }
    // Right after `lookout demo` starts, responders report their first
    // fixes over half a minute (the seeded ones are hours old: stale).
    let rec = null;
    for (const t0 = Date.now(); Date.now() - t0 < 45_000; await sleep(2000)) {
      rec = await get(url, `/api/v1/incidents/${f.id}/recommend?k=5`);
      if (rec.candidates.length >= 2) break;
    }
    why.push(`${ir.id} → ${f.id}: ${rec.candidates.length} candidates`);
    if (rec.candidates.length >= 2) {
      inc = f;
      first = rec;
    } else await api(url, 'POST', `/api/v1/incidents/${f.id}/dismiss`, { by: 'dispatch test', note: 'no responders near' });
  }
  if (!r.check('an infrared alarm by ingest opens an incident with responders near', inc, why.join('; '))) {
    return finish(r, problems);
  }
  const id = inc.id;
  const queued = await until(page, (id) => Boolean(document.querySelector(`#queue .inc[data-id="${id}"]`)), id, LIVE_WITHIN);
  r.check('it reaches the console\'s queue live', queued, await page.locator(`#queue .inc[data-id="${id}"]`).textContent().catch(() => 'not there'));

  // ---- 2. open it ------------------------------------------------------------------
  const nAnswers = answers.length;
  await page.click(`#queue .inc[data-id="${id}"]`);
  const opened = await until(page, (id) => window.__lookout.incident?.id === id && window.__lookout.incident.status &&
    window.__lookout.dispatch.recommend.incident === id && window.__lookout.dispatch.recommend.answers > 0, id, 15_000);
  const full = await get(url, `/api/v1/incidents/${id}`);
  const head = await page.locator('#incident .inc-head').textContent();
  r.check('a click opens the incident: title and status', opened && head.includes(full.properties.title) && head.includes('新发现'), head.slice(0, 120));

  // The stage clock: the alarm's time, a stopwatch running, 接警 next.
  const st0 = (await dispatchState(page)).stages;
  await sleep(1600);
  const st1 = (await dispatchState(page)).stages;
  r.check('the stage clock: alarm time, the stopwatch runs every second, 接警 is next and nothing reached',
    st0.alarm === clockOf(full.properties.opened) && st1.running && st1.elapsed !== st0.elapsed && /^\d+:\d\d$/.test(st1.elapsed) &&
    st1.stages.map((s) => s.label).join() === '接警,核实,派遣,到场,处置' && st1.stages[0].next && st1.stages.every((s) => !s.done),
    `alarm ${st0.alarm} (want ${clockOf(full.properties.opened)}), ${st0.elapsed} → ${st1.elapsed}, ${st1.stages.map((s) => `${s.label}${s.next ? '*' : ''}`).join(' ')}`);

  // The recommendations, in the order of the answer the page was served.
  await until(page, (n) => document.querySelectorAll('#incident .rec-list .cand').length > 0, null, 5000);
  const served = answers.slice(nAnswers).filter((a) => a.url.includes(`/incidents/${id}/recommend`)).at(-1)?.body;
  let rows = await recRows(page);
  // A refresh may have landed in between: compare with what the page shows now.
  const shownAnswer = await page.evaluate(() => window.__lookout.dispatch.recommend.ids);
  const lastServed = answers.filter((a) => a.url.includes(`/incidents/${id}/recommend`)).at(-1)?.body ?? served;
  const cands = lastServed?.candidates ?? [];
  const rowsOk = rows.length === cands.length && cands.every((c, i) => rows[i].id === c.id && rows[i].rank === String(c.rank) &&
    rows[i].text.includes(c.name) && rows[i].text.includes(distZh(c.distance_m)) && rows[i].text.includes(durZh(c.eta_s * 1000)) &&
    rows[i].text.includes(c.reason_zh));
  r.check('the recommendations in the order of the server\'s answer: rank, kind, name, distance, ETA, reason',
    served && rowsOk && shownAnswer.join() === cands.map((c) => c.id).join(),
    `rows [${rows.map((x) => `${x.rank}:${x.id}`)}], answer [${cands.map((c) => `${c.rank}:${c.id}`)}]; first row "${rows[0]?.text.slice(0, 160)}"`);
  const apiNow = await get(url, `/api/v1/incidents/${id}/recommend?k=5`);
  r.check('the page asked the API as the API answers (k=5, same capability and radius)',
    served && served.k === 5 && served.capability === apiNow.capability && served.radius_m === apiNow.radius_m && served.capability === 'forest_fire',
    `page: k ${served?.k}, ${served?.capability}, ${served?.radius_m} m; API: ${apiNow.capability}, ${apiNow.radius_m} m`);
  const kinds = await page.$$eval('#incident .rec-list .cand .kind', (ks) => ks.map((k) => k.textContent));
  r.check('each row says what kind of responder it is', kinds.length === cands.length && kinds.every((k) => ['护林员', '扑火队', '巡逻车', '执法组', '监管民警'].includes(k)), kinds.join());

  // The map: the console frames the incident with its candidates, ringed and numbered, lines to the incident.
  await until(page, () => !window.__lookout.map.isMoving(), null, 15_000);
  await settle(page, r, 'framed on the incident');
  const drawn = await page.evaluate(() => {
    const { map } = window.__lookout;
    const q = (layer) => (map.getLayer(layer) ? map.queryRenderedFeatures({ layers: [layer] }).map((f) => f.properties) : []);
    return { rings: q('dispatch-overlay-rings'), lines: q('dispatch-overlay-cand-lines'), ranks: q('dispatch-overlay-ranks').map((p) => p.rank),
      incident: q('incident-estimate-points').filter((p) => p.kind === 'incident').length, overlay: window.__lookout.dispatch.overlay };
  });
  const want = cands.map((c) => c.rank).sort().join();
  const lineEnds = drawn.overlay.filter((f) => f.role === 'candidate' && f.geometry.type === 'LineString')
    .every((f) => km(f.geometry.coordinates[1], inc.geometry.coordinates) < 0.01);
  r.check('on the map: every candidate ringed and numbered by rank, a line from each to the incident, the incident ringed',
    [...new Set(drawn.ranks)].sort().join() === want && new Set(drawn.lines.map((p) => p.id)).size === cands.length && lineEnds && drawn.incident === 1,
    `ranks drawn [${[...new Set(drawn.ranks)].sort()}] want [${want}], lines ${new Set(drawn.lines.map((p) => p.id)).size}, ends at the incident ${lineEnds}, incident rings ${drawn.incident}`);
  await shoot(page, shots, 'dispatch-console.png');

  // Keys: 2 ticks the second row, Esc clears the ticks (the incident stays open), ↑ brings the cursor back.
  await page.keyboard.press('2');
  const k2 = (await dispatchState(page)).recommend;
  const rows2 = await recRows(page);
  await page.keyboard.press('Escape');
  const kEsc = { ...(await dispatchState(page)).recommend, open: await page.evaluate(() => window.__lookout.incident.id) };
  await page.keyboard.press('ArrowUp');
  const kUp = (await dispatchState(page)).recommend;
  r.check('keys: 2 ticks the second recommendation, Esc clears the ticks but keeps the incident, ↑ moves the cursor to the first',
    k2.selected.join() === k2.ids[1] && k2.cursor === k2.ids[1] && rows2[1].ticked && rows2[1].cursor && kEsc.selected.length === 0 &&
    kEsc.open === id && kUp.cursor === kUp.ids[0],
    `after 2: ticked [${k2.selected}] cursor ${k2.cursor}; after Esc: [${kEsc.selected}], open ${kEsc.open}; after ↑: cursor ${kUp.cursor}`);
  const ids = await page.evaluate(() => window.__lookout.queue.ids);
  if (ids.length >= 2) {
    await page.keyboard.press('j');
    const next = await page.evaluate(() => window.__lookout.incident.id);
    await page.keyboard.press('k');
    const back = await until(page, (id) => window.__lookout.incident.id === id && window.__lookout.dispatch.recommend.answers > 0 &&
      window.__lookout.dispatch.recommend.ids.length > 0, id, 15_000);
    r.check('J and K step through the queue', next === ids[(ids.indexOf(id) + 1) % ids.length] && back, `j → ${next}, k → back: ${back}`);
  }

  // ---- 3. dispatch the first ---------------------------------------------------------
  await page.fill('#incident input[name="operator"]', '调度员乙');
  await page.dispatchEvent('#incident input[name="operator"]', 'change');
  const top = (await recRows(page))[0];
  const topName = cands.find((c) => c.id === top.id)?.name ?? (await get(url, `/api/v1/layers/responders/features/${top.id}`)).properties.name;
  const t0 = Date.now();
  await page.click(`#incident .rec-list .cand[data-id="${top.id}"] .go`);
  const viaSocket = await until(page, ([rid, id]) => {
    const live = window.__lookout.live;
    const a = window.__lookout.dispatch.assignments.find((x) => x.responder === rid);
    const f = a && live.feature('assignments', a.id);
    return f && f.properties.incident === id && document.querySelector(`#incident .asg-row[data-responder="${rid}"]`);
  }, [top.id, id], 5000);
  const took = Date.now() - t0;
  const d1 = await dispatchState(page);
  const a1 = d1.assignments.find((x) => x.responder === top.id);
  const rowA = await page.locator(`#incident .asg-row[data-responder="${top.id}"]`).textContent().catch(() => '');
  r.check('one click dispatches the first recommendation: the assignment arrives over the WebSocket into the console',
    viaSocket && a1 && ['assigned', 'en_route'].includes(a1.state) && rowA.includes(topName) && /已派遣|在途/.test(rowA) &&
    rowA.includes('调度员乙') && /已派遣：/.test(d1.recommend.message?.text ?? ''),
    `${took} ms; ${JSON.stringify(a1)}; row "${rowA}"; "${d1.recommend.message?.text}"`);
  const busy = await until(page, ([rid, id]) => window.__lookout.live.feature('responders', rid)?.properties.task === id &&
    (!window.__lookout.dispatch.recommend.ids.includes(rid) || document.querySelector(`#incident .cand[data-id="${rid}"].busy`)), [top.id, id], 5000);
  // The map draws the live state on its next frame: wait for it there.
  await until(page, ([rid, id]) => window.__lookout.map.queryRenderedFeatures({ layers: ['live:responders-point'] })
    .some((x) => x.properties.id === rid && x.properties.task === id), [top.id, id], 5000);
  const busyMap = await page.evaluate((rid) => {
    const { map } = window.__lookout;
    const f = map.queryRenderedFeatures({ layers: ['live:responders-point'] }).find((x) => x.properties.id === rid);
    const ring = window.__lookout.dispatch.overlay.find((x) => x.id === rid && x.role === 'task' && x.geometry.type === 'Point');
    return { task: f?.properties.task ?? null, ring: ring?.state ?? null };
  }, top.id);
  r.check('the responder is busy: its live state has the task, its recommendation is gone or marked, the map draws it as tasked',
    busy && busyMap.task === id && ['assigned', 'en_route'].includes(busyMap.ring), JSON.stringify(busyMap));
  await until(page, () => window.__lookout.incident.status === 'dispatched', null, 5000);
  const st2 = (await dispatchState(page)).stages;
  const s2 = await get(url, `/api/v1/incidents/${id}`);
  const sa = s2.assignments?.find((a) => a.properties.responder === top.id);
  r.check('the stage clock shows 派遣 (and 接警, filled in by the dispatch); the incident is dispatched',
    st2.stages[2].done && st2.stages[2].label === '派遣' && st2.stages[0].done && st2.stages[1].skipped && st2.stages[3].next &&
    (await page.locator('#incident .inc-badges').textContent()).includes('已派遣'),
    st2.stages.map((s) => `${s.label}${s.done ? `✓${s.since}` : ''}${s.next ? '*' : ''}${s.skipped ? '(skipped)' : ''}`).join(' '));
  r.check('the server agrees: dispatched by the operator, the assignment in the incident\'s detail',
    s2.properties.status === 'dispatched' && sa && sa.properties.assigned_by === '调度员乙' && sa.id === a1?.id,
    `${s2.properties.status}; ${JSON.stringify(sa?.properties ?? null).slice(0, 200)}`);
  await shoot(page, shots, 'dispatch-sent.png');

  // ---- 4. the responder moves: en route, then on scene -------------------------------
  const from = (await get(url, `/api/v1/layers/responders/features/${top.id}`)).geometry.coordinates;
  const to = inc.geometry.coordinates;
  const mid = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
  await ingest(url, [{ type: 'position', layer: 'responders', id: top.id, lon: mid[0], lat: mid[1], speed: 25, heading: 0 }]);
  const moved = await until(page, ([rid, mid]) => {
    const f = window.__lookout.live.feature('responders', rid);
    return f && Math.abs(f.coordinates[0] - mid[0]) < 1e-6 && Math.abs(f.coordinates[1] - mid[1]) < 1e-6;
  }, [top.id, mid], 3000);
  const enRoute = await until(page, (rid) => ['en_route', 'on_scene'].includes(window.__lookout.dispatch.assignments.find((x) => x.responder === rid)?.state), top.id, 5000);
  // The line starts where the responder is drawn: it glides there over a
  // second (and the simulator, driving it to the scene, may move it on).
  const follows = await until(page, (rid) => {
    const f = window.__lookout.live.feature('responders', rid);
    const l = window.__lookout.dispatch.overlay.find((x) => x.id === rid && x.role === 'task' && x.geometry.type === 'LineString');
    return f && l && Math.abs(l.geometry.coordinates[0][0] - f.coordinates[0]) < 1e-5 && Math.abs(l.geometry.coordinates[0][1] - f.coordinates[1]) < 1e-5;
  }, top.id, 4000);
  const line = (await dispatchState(page)).overlay.find((f) => f.id === top.id && f.role === 'task' && f.geometry.type === 'LineString');
  r.check('half-way by ingest: the responder moves on the map, its task line follows, the assignment is en route (在途)',
    moved && enRoute && follows && km(line.geometry.coordinates[1], to) < 0.01 &&
    /在途|已到场/.test(await page.locator(`#incident .asg-row[data-responder="${top.id}"] .chip`).textContent()),
    `moved ${moved}, en route ${enRoute}, line follows ${follows}: from ${line?.geometry.coordinates[0]} (${line ? km(line.geometry.coordinates[0], mid).toFixed(3) : '?'} km from the fix)`);
  await ingest(url, [{ type: 'position', layer: 'responders', id: top.id, lon: to[0], lat: to[1], speed: 0, heading: 0 }]);
  const onScene = await until(page, ([rid, id]) => window.__lookout.dispatch.assignments.find((x) => x.responder === rid)?.state === 'on_scene' &&
    window.__lookout.incident.status === 'on_scene' && window.__lookout.dispatch.stages.stages[3].done, [top.id, id], 8000);
  const st3 = (await dispatchState(page)).stages;
  const s3 = await get(url, `/api/v1/incidents/${id}`);
  const chip3 = await page.locator(`#incident .asg-row[data-responder="${top.id}"] .chip`).textContent().catch(() => '');
  const opened3 = Date.parse(s3.properties.opened);
  const since3 = `+${Math.floor((Date.parse(s3.properties.on_scene_at) - opened3) / 60000)}:${String(Math.floor(((Date.parse(s3.properties.on_scene_at) - opened3) / 1000) % 60)).padStart(2, '0')}`;
  r.check('at the incident by ingest: on scene (已到场) in the console, the stage clock shows 到场 with its time since the alarm, the incident is on scene',
    onScene && chip3 === '已到场' && st3.stages[3].label === '到场' && st3.stages[3].since === since3 && st3.stages[4].next &&
    s3.properties.status === 'on_scene',
    `chip "${chip3}", 到场 ${st3.stages[3].since} (want ${since3}), server ${s3.properties.status}`);
  await shoot(page, shots, 'dispatch-onscene.png');

  // ---- 5. a refusal: a stale console sends a responder already sent ------------------
  const fresh = await until(page, (rid) => window.__lookout.dispatch.recommend.ids.length > 0 &&
    !window.__lookout.dispatch.recommend.ids.includes(rid) && !window.__lookout.dispatch.recommend.sending, top.id, 20_000);
  const other = fresh ? (await dispatchState(page)).recommend.ids[0] : null;
  if (r.check('after the dispatch the list is asked again without the busy responder', fresh && other, `top now ${other}`)) {
    const frozen = answers.filter((a) => a.url.includes(`/incidents/${id}/recommend`)).at(-1).body;
    const recRoute = (u) => u.pathname === `/api/v1/incidents/${id}/recommend`;
    await page.route(recRoute, (route) => route.fulfill({ json: frozen }));
    tolerate(/WebSocket connection to .* failed/);
    await page.evaluate(() => {
      window.__RealWebSocket = window.WebSocket;
      window.WebSocket = class { constructor() { throw new Error('held off by the test'); } };
      window.__lookout.live.sockets.city?.close();
    });
    await api(url, 'POST', `/api/v1/incidents/${id}/dispatch`, { by: '另一名调度员', responder_ids: [other] });
    const n409 = problems.length;
    await page.locator('#incident .rec-list').focus();
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    const refused = await until(page, () => window.__lookout.dispatch.recommend.message?.kind === 'rejected', null, 5000);
    const m = (await dispatchState(page)).recommend.message;
    const shown = await page.locator('#incident .rec-message').textContent();
    problems.push(...problems.splice(n409).filter((x) => !/\b409\b/.test(x)));
    r.check('1 and Enter in a stale console: the server refuses (409) and the console says why, in the server\'s words',
      refused && /409/.test(m.text) && /busy/.test(m.text) && shown === m.text, `"${shown}"`);
    await page.unroute(recRoute);
    await page.evaluate(() => {
      window.WebSocket = window.__RealWebSocket;
      window.dispatchEvent(new Event('online'));
    });
    await until(page, () => window.__lookout.live.status.state === 'live', null, 20_000);
    tolerate(null);
    const caught = await until(page, (rid) => Boolean(document.querySelector(`#incident .asg-row[data-responder="${rid}"]`)) &&
      !window.__lookout.dispatch.recommend.ids.includes(rid), other, 20_000);
    r.check('back online, the console has the other dispatcher\'s assignment and the list has dropped that responder', caught,
      JSON.stringify((await dispatchState(page)).assignments.map((a) => `${a.responder}:${a.state}`)));
    await page.click(`#incident .asg-row[data-responder="${other}"] button[data-action="release"]`);
    const released = await until(page, (rid) => window.__lookout.dispatch.assignments.find((x) => x.responder === rid)?.state === 'released' &&
      !window.__lookout.live.feature('responders', rid)?.properties.task, other, 5000);
    const rel = (await get(url, `/api/v1/incidents/${id}`)).assignments.find((a) => a.properties.responder === other);
    r.check('the console releases it (解除): released, the responder free again, the server agrees',
      released && rel?.properties.state === 'released' && rel.properties.released_by === '调度员乙', JSON.stringify(rel?.properties ?? null).slice(0, 200));
  }

  // Several at once: tick 1 and 2, Enter sends both (reinforcements to an incident on scene).
  await until(page, () => window.__lookout.dispatch.recommend.ids.length >= 2 && !window.__lookout.dispatch.recommend.sending, null, 20_000);
  const pair = (await dispatchState(page)).recommend.ids.slice(0, 2);
  if (pair.length === 2) {
    await page.locator('#incident .rec-list').focus();
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    const button = await page.locator('#incident .rec-send').textContent();
    await page.keyboard.press('Enter');
    const both = await until(page, (pair) => pair.every((rid) => ['assigned', 'en_route'].includes(
      window.__lookout.dispatch.assignments.find((a) => a.responder === rid)?.state)), pair, 8000);
    const s5 = await get(url, `/api/v1/incidents/${id}`);
    r.check('tick 1 and 2, Enter: both sent in one dispatch (reinforcements: the incident stays on scene)',
      button === '派遣所选 2 个' && both && pair.every((rid) => s5.assignments.some((a) => a.properties.responder === rid && a.properties.state !== 'released')) &&
      s5.properties.status === 'on_scene', `"${button}"; ${JSON.stringify((await dispatchState(page)).assignments.map((a) => `${a.responder}:${a.state}`))}; ${s5.properties.status}`);
  }

  // ---- 6. English, resolve -------------------------------------------------------------
  await page.click('#lang');
  const en = await page.evaluate((rid) => ({ bar: document.getElementById('bar').textContent, incident: document.getElementById('incident').textContent,
    stages: window.__lookout.dispatch.stages.stages.map((s) => s.label).join(),
    chip: document.querySelector(`#incident .asg-row[data-responder="${rid}"] .chip`)?.textContent }), top.id);
  await shoot(page, shots, 'dispatch-en.png');
  await page.click('#lang');
  r.check('the console in English', en.bar.includes('Lookout Dispatch') && en.bar.includes('中文') && en.incident.includes('Recommended responders') &&
    en.incident.includes('Assignments') && en.stages === 'Acknowledged,Verified,Dispatched,On scene,Resolved' && en.chip === 'On scene' &&
    en.incident.includes('since alarm') && !/推荐处置力量|派遣任务/.test(en.incident),
  `${en.bar.slice(0, 80)} | ${en.stages} | ${en.chip}`);

  await page.click('#incident button[data-action="resolve"]');
  const resolved = await until(page, ([rid, id]) => window.__lookout.incident.status === 'resolved' &&
    window.__lookout.dispatch.assignments.every((a) => a.state === 'released') &&
    !document.querySelector(`#queue .inc[data-id="${id}"]`) && !window.__lookout.live.feature('responders', rid)?.properties.task, [top.id, id], 8000);
  const d6 = await dispatchState(page);
  const s6 = await get(url, `/api/v1/incidents/${id}`);
  r.check('resolve: every task released, the responder free, the incident leaves the queue, the clock stops at 处置 and no dispatch is offered',
    resolved && s6.properties.status === 'resolved' && s6.assignments.every((a) => a.properties.state === 'released') &&
    !d6.stages.running && d6.stages.stages[4].done && /已结案/.test(await page.locator('#incident .rec-message').textContent()) &&
    (await page.$$eval('#incident .rec-list .go', (bs) => bs.every((b) => b.disabled))),
  `${s6.properties.status}; tasks ${s6.assignments.map((a) => a.properties.state)}; clock ${d6.stages.elapsed} running ${d6.stages.running}`);
  await shoot(page, shots, 'dispatch-resolved.png');
  await page.keyboard.press('Escape');
  const closed = await page.evaluate(() => ({ hidden: document.getElementById('incident').hidden, pick: !document.getElementById('console-pick').hidden,
    overlay: Boolean(window.__lookout.map.getSource('dispatch-overlay')) }));
  r.check('Esc closes the incident and clears the map', closed.hidden && closed.pick && !closed.overlay, JSON.stringify(closed));
  finish(r, problems);

  // A link to one incident (the wall's drawer offers it) opens it.
  const page2 = await newPage(browser);
  const w2 = watchProblems(page2);
  await page2.goto(`${url}/dispatch?incident=${encodeURIComponent(id)}`);
  const deep = await until(page2, (id) => window.__lookout?.mode === 'console' && window.__lookout.incident?.id === id &&
    window.__lookout.incident.status === 'resolved' && window.__lookout.dispatch.recommend.answers > 0, id, 60_000);
  const where = await page2.evaluate(() => location.pathname + location.search);
  const msg = await page2.locator('#incident .rec-message').textContent().catch(() => '');
  r.check('a link to an incident opens it in the console; a closed case offers no dispatch',
    deep && where === `/dispatch?incident=${id}` && msg === '事件已结案，不能再派遣', `${where}: "${msg}"`);
  await page2.close();
  r.check('no console errors or failed requests (dispatch link)', w2.problems.length === 0, w2.problems.slice(0, 10).join('\n  '));
}

function finish(r, problems) {
  r.check('no console errors or failed requests (dispatch)', problems.length === 0, problems.slice(0, 20).join('\n  '));
}

if (isMain(import.meta.url)) main('dispatch', [['dispatch', dispatchSuite]]);

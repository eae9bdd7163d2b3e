// Smoke test: the real app in headless Chromium against a real Lookout server.
//
//   LOOKOUT_URL=http://127.0.0.1:18080 npm test   # against a running server
//   npm test                                      # starts `lookout demo` itself
//
// Without LOOKOUT_URL it runs `go run ./server/cmd/lookout demo` from the repo
// root on a free loopback port with a throwaway data dir, waits for /readyz,
// and stops it afterwards. CHROMIUM overrides the browser path.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const SERVER_START_TIMEOUT = 300_000; // the first `go run` compiles the server (cgo: h3)
const PAGE_TIMEOUT = 120_000; // SwiftShader renders on the CPU: slow but steady

// WebGL in headless Chromium without a GPU: MapLibre needs WebGL (2, or 1 as
// a fallback). --disable-gpu turns off the hardware path; ANGLE then renders
// on SwiftShader, Chromium's CPU implementation of Vulkan. Since Chromium ~137
// that software fallback must be allowed explicitly with
// --enable-unsafe-swiftshader (playwright-core adds it too, but we do not rely
// on its defaults). --use-angle=swiftshader picks that backend up front
// instead of probing. Do NOT pass the old --use-gl=swiftshader: on Chromium
// 156 it disables WebGL altogether (checked: getContext('webgl') → null).
const CHROMIUM_ARGS = [
  '--no-sandbox', // root in a container: the setuid sandbox cannot start
  '--disable-gpu',
  '--disable-background-networking', // offline: no update or safe-browsing calls
  '--disable-dev-shm-usage', // small /dev/shm in containers
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `lookout demo` and resolves {url, stop} once /readyz answers 200. */
async function startServer() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookout-smoke-data-'));
  // LOOKOUT_BIN (set by `make test`) is a built binary with the app
  // embedded; otherwise `go run` builds one, which embeds whatever dist/ holds.
  const serveArgs = ['demo', '--addr', `127.0.0.1:${port}`, '--data-dir', dataDir];
  const bin = process.env.LOOKOUT_BIN || 'go';
  const args = process.env.LOOKOUT_BIN ? serveArgs : ['run', './server/cmd/lookout', ...serveArgs];
  console.log(`starting: ${bin} ${args.join(' ')}`);
  // detached: its own process group, so stop() also ends the binary that
  // `go run` starts as a child (killing `go run` alone would orphan it).
  const child = spawn(bin, args, { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let exited = null;
  child.on('exit', (code, sig) => (exited = sig ?? code));

  const stop = async () => {
    if (exited === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVER_START_TIMEOUT;
  while (Date.now() < deadline) {
    if (exited !== null) {
      await stop();
      throw new Error(`lookout demo exited (${exited}) before it was ready:\n${log.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return { url, stop };
    } catch { /* not listening yet */ }
    await sleep(250);
  }
  await stop();
  throw new Error(`lookout demo not ready after ${SERVER_START_TIMEOUT / 1000}s:\n${log.slice(-4000)}`);
}

async function main() {
  let server = null;
  let url = process.env.LOOKOUT_URL;
  if (!url) {
    server = await startServer();
    url = server.url;
  }
  url = url.replace(/\/+$/, '');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    await run(browser, url);
  } finally {
    await browser.close();
    await server?.stop();
  }
}

async function run(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
  page.setDefaultTimeout(PAGE_TIMEOUT);

  // Everything that went wrong in the page, except the browser's favicon probe.
  const problems = [];
  const ignored = (u) => /\/favicon\.ico(\?|$)/.test(u);
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignored(m.location()?.url ?? '')) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!ignored(r.url())) problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !ignored(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });

  await page.goto(`${url}/`);

  // 1. The map fired `load` (style parsed, WebGL context up).
  await page.waitForFunction(() => window.__lookout?.mapLoaded || window.__lookout?.error);
  const startErr = await page.evaluate(() => window.__lookout.error);
  check('map loaded', !startErr, startErr ?? '');
  if (startErr) return finish(page, problems);

  // 2. Every layer finished loading, and the panel lists them with counts.
  await page.waitForFunction(() => window.__lookout.dataLoaded);
  const layers = await page.evaluate(() => window.__lookout.layers);
  const rows = await page.$$eval('#layer-list .layer', (els) =>
    els.map((e) => ({ name: e.dataset.layer, count: Number(e.dataset.count), status: e.dataset.status })));
  const withCount = rows.filter((r) => r.count > 0);
  const unsettled = rows.filter((r) => r.status !== 'done' && r.status !== 'error');
  check('panel lists every layer, settled', rows.length > 0 && rows.length === layers.length && !unsettled.length,
    `${rows.length} rows for ${layers.length} catalogue layers${unsettled.length ? `; unsettled: ${unsettled.map((r) => r.name)}` : ''}`);
  check('layers have non-zero counts', withCount.length > 0,
    withCount.map((r) => `${r.name}=${r.count}`).join(' '));
  const broken = layers.filter((l) => l.status === 'error');
  check('no layer failed to load', broken.length === 0, broken.map((l) => `${l.name}: ${l.error}`).join('; '));

  // 3. The districts source really holds the 38 districts of Chongqing.
  const districts = await page.evaluate(async () => {
    const src = window.__lookout.map.getSource('districts');
    return src ? (await src.getData()).features.length : -1;
  });
  check('districts source has 38 features', districts === 38, `got ${districts}`);

  // 4. Clicking a district opens the property popup.
  const at = await page.evaluate(() => window.__lookout.map.project([107.7, 30.0]));
  const mapBox = await page.locator('#map').boundingBox();
  await page.mouse.click(mapBox.x + at.x, mapBox.y + at.y);
  const popup = await page.waitForSelector('.maplibregl-popup .lk-popup', { timeout: 10_000 }).catch(() => null);
  check('click shows a feature popup', popup !== null);

  // 5. A layer's checkbox hides and shows its map layers.
  const box = page.locator('#layer-list .layer[data-layer="districts"] input[type=checkbox]');
  const vis = () => page.evaluate(() => window.__lookout.map.getLayoutProperty('districts:fill', 'visibility'));
  await box.uncheck();
  const hidden = await vis();
  await box.check();
  const shown = await vis();
  check('checkbox toggles layer visibility', hidden === 'none' && shown === 'visible', `${hidden} → ${shown}`);

  // 6. The language switch: Chinese by default, English after one click.
  const heading = page.locator('#panel h2[data-i18n="layers"]');
  const before = await heading.textContent();
  await page.click('#lang');
  const after = await heading.textContent();
  const stored = await page.evaluate(() => localStorage.getItem('lookout.lang'));
  check('language switch zh → en', before === '图层' && after === 'Layers' && stored === 'en',
    `"${before}" → "${after}", stored ${stored}`);
  await page.click('#lang'); // back to Chinese for the screenshot

  return finish(page, problems);
}

async function finish(page, problems) {
  // Let the last frame render before the picture is taken.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookout-smoke-'));
  const shot = path.join(dir, 'map.png');
  await page.screenshot({ path: shot });
  console.log(`screenshot: ${shot}`);
  check('no console errors or failed requests', problems.length === 0, problems.join('\n  '));
}

main()
  .catch((err) => {
    failed++;
    console.error(`FAIL smoke test aborted: ${err?.stack ?? err}`);
  })
  .finally(() => {
    // The plain closing line CI reads, then the exit code that decides.
    console.log(`smoke: ${passed} passed, ${failed} failed`);
    process.exit(failed > 0 || passed === 0 ? 1 : 0);
  });

// Shared by the browser suites (smoke.mjs, live.mjs): the headless Chromium
// they drive, waiting for the map to settle, screenshots, and what went
// wrong in the page.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const PAGE_TIMEOUT = 120_000; // SwiftShader renders on the CPU: slow but steady

// WebGL in headless Chromium without a GPU: MapLibre needs WebGL (2, or 1 as
// a fallback). --disable-gpu turns off the hardware path; ANGLE then renders
// on SwiftShader, Chromium's CPU implementation of Vulkan. Since Chromium ~137
// that software fallback must be allowed explicitly with
// --enable-unsafe-swiftshader (playwright-core adds it too, but we do not rely
// on its defaults). --use-angle=swiftshader picks that backend up front
// instead of probing. Do NOT pass the old --use-gl=swiftshader: on Chromium
// 156 it disables WebGL altogether (checked: getContext('webgl') → null).
export const CHROMIUM_ARGS = [
  '--no-sandbox', // root in a container: the setuid sandbox cannot start
  '--disable-gpu',
  '--disable-background-networking', // offline: no update or safe-browsing calls
  '--disable-dev-shm-usage', // small /dev/shm in containers
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Launches headless Chromium (CHROMIUM overrides the path). */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A new 1600×900 zh-CN page with the long default timeout. */
/**
 * A suite from run(browser, url, r, server): it gets a fresh Chromium,
 * closed afterwards whatever happened.
 */
export function withBrowser(run) {
  return async (url, r, server) => {
    const browser = await launchBrowser();
    try {
      await run(browser, url, r, server);
    } finally {
      await browser.close();
    }
  };
}

export async function newPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
  page.setDefaultTimeout(PAGE_TIMEOUT);
  return page;
}

/** A fresh directory for a suite's screenshots. */
export const shotDir = (name) => fs.mkdtempSync(path.join(os.tmpdir(), `lookout-${name}-`));

export const IDLE_TIMEOUT = 60_000;

/**
 * Moves the camera (if given) and waits for the next `idle`: every tile in
 * view loaded and drawn. The listener is set before the move so the idle
 * cannot be missed; triggerRepaint makes sure a frame (hence an idle) follows
 * even if nothing moved. A map that never settles (say, tiles that expire and
 * reload every few seconds) is a failed check, then the test goes on once the
 * tiles are at least loaded. Then it waits for the live feed (live.js) to
 * settle too — the WebSocket subscription for the new view answered and
 * pushed to the map — and for the idle after that.
 */
export async function settle(page, r, what, camera = null) {
  const err = await page.evaluate(([camera, ms]) => new Promise((resolve) => {
    const { map } = window.__lookout;
    const timer = setTimeout(() => resolve(`no idle event within ${ms / 1000}s`), ms);
    map.once('idle', () => { clearTimeout(timer); resolve(null); });
    if (camera) map.jumpTo(camera);
    else map.triggerRepaint();
  }), [camera, IDLE_TIMEOUT]);
  if (err) {
    r.check(`map settles (${what})`, false, err);
    await page.waitForFunction(() => window.__lookout.map.areTilesLoaded());
  }
  // The live layers come over the WebSocket after the camera stopped: wait
  // until the subscription is answered and drawn, then for the idle after that.
  const live = await page.evaluate((ms) => new Promise((resolve) => {
    const t0 = Date.now();
    const poll = () => {
      const l = window.__lookout.live;
      if (!l || l.settled) return resolve(null);
      if (Date.now() - t0 > ms) return resolve(`live feed not settled within ${ms / 1000}s: ${JSON.stringify(l.status)}`);
      setTimeout(poll, 50);
    };
    poll();
  }), IDLE_TIMEOUT);
  if (live) {
    r.check(`live feed settles (${what})`, false, live);
    return;
  }
  await page.evaluate((ms) => new Promise((resolve) => {
    const { map } = window.__lookout;
    const timer = setTimeout(resolve, ms);
    map.once('idle', () => { clearTimeout(timer); resolve(); });
    map.triggerRepaint();
  }), IDLE_TIMEOUT);
}

export async function shoot(page, dir, name) {
  const file = path.join(dir, name);
  await page.screenshot({ path: file });
  console.log(`screenshot: ${file}`);
}

/**
 * Collects what goes wrong in the page (console errors, page errors, failed
 * requests, HTTP errors), except the browser's favicon probe, tile requests
 * that MapLibre cancels itself (net::ERR_ABORTED when the view moves on
 * before a tile arrives: a cancellation, not a failure) and whatever the
 * returned tolerate(re) is told to accept for a while (a WebSocket that
 * cannot connect while the server restarts).
 */
export function watchProblems(page) {
  const problems = [];
  let tolerated = null;
  const ignored = (u) => /\/favicon\.ico(\?|$)/.test(u);
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignored(m.location()?.url ?? '') && !(tolerated && tolerated.test(m.text()))) problems.push(`console: ${m.text()}`);
    if (m.type() === 'warning' && !/GL Driver Message/.test(m.text())) console.log(`     (page warning: ${m.text().slice(0, 200)})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (q) => {
    const why = q.failure()?.errorText ?? '';
    const cancelled = why === 'net::ERR_ABORTED' && /\/tiles\/[^?]+\.mvt(\?|$)/.test(q.url());
    if (!ignored(q.url()) && !cancelled) problems.push(`request failed: ${q.url()} (${why})`);
  });
  page.on('response', (q) => {
    if (q.status() >= 400 && !ignored(q.url())) problems.push(`HTTP ${q.status()}: ${q.url()}`);
  });
  return { problems, tolerate: (re) => { tolerated = re; } };
}

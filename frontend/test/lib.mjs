// Shared by the frontend tests: start a real Lookout server, count checks,
// and run suites against one server.
//
//   LOOKOUT_URL=http://127.0.0.1:18080 node test/run.mjs   # against a running server
//   LOOKOUT_BIN=bin/lookout node test/run.mjs             # starts that binary
//   node test/run.mjs                                     # `go run`s the server
//
// Without LOOKOUT_URL it starts `lookout demo` from the repo root on a free
// loopback port with a throwaway data dir, waits for /readyz, and stops it
// afterwards, whatever happened.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const SERVER_START_TIMEOUT = 300_000; // the first `go run` compiles the server (cgo: h3)

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The server answers 401 without a token. `lookout demo` prints its admin
// token on start (startServer reads it); against LOOKOUT_URL, set
// LOOKOUT_TOKEN. Every fetch of the tests carries it, and authHeaders()
// gives it to raw node:http requests; pages get it from the demo's page.
let token = process.env.LOOKOUT_TOKEN || null;
const DEMO_TOKEN = /demo admin token \S+: (lk_[A-Za-z0-9_-]+)/;

/** The Authorization header of the current token (empty without one). */
export const authHeaders = () => (token ? { Authorization: `Bearer ${token}` } : {});

const plainFetch = globalThis.fetch;
globalThis.fetch = (input, init = {}) => {
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
  if (token && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${token}`);
  return plainFetch(input, { ...init, headers });
};

/**
 * Calls the API of the server at url (with the token, like every fetch
 * here) and returns the decoded JSON; a failure throws an Error carrying
 * the status and body.
 */
export async function api(url, method, path, body) {
  const res = await fetch(`${url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw Object.assign(new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`), { status: res.status, body: text });
  return text ? JSON.parse(text) : null;
}

/** Counts checks. One instance is shared by every suite of a run. */
export class Results {
  passed = 0;
  failed = 0;
  constructor(prefix = '') {
    this.prefix = prefix;
  }
  check(name, ok, detail = '') {
    if (ok) this.passed++;
    else this.failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${this.prefix}${name}${detail ? ` — ${detail}` : ''}`);
    return Boolean(ok);
  }
}

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

/**
 * Starts `lookout demo` and resolves {url, stop, restart} once /readyz
 * answers 200. restart(whileDown) stops it with SIGTERM, awaits
 * whileDown() if given, and starts it again with the same arguments (same
 * port, same data dir), resolving once it is ready again.
 */
export async function startServer() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookout-test-data-'));
  // LOOKOUT_BIN (set by `make test`) is a built binary with the app
  // embedded; otherwise `go run` builds one, which embeds whatever dist/ holds.
  const serveArgs = ['demo', '--addr', `127.0.0.1:${port}`, '--data-dir', dataDir];
  const bin = process.env.LOOKOUT_BIN || 'go';
  const args = process.env.LOOKOUT_BIN ? serveArgs : ['run', './server/cmd/lookout', ...serveArgs];
  const url = `http://127.0.0.1:${port}`;
  let proc = null;

  const launch = async () => {
    console.log(`starting: ${bin} ${args.join(' ')}`);
    // detached: its own process group, so kill() also ends the binary that
    // `go run` starts as a child (killing `go run` alone would orphan it).
    const child = spawn(bin, args, { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const p = { child, log: '', exited: null };
    child.stdout.on('data', (d) => (p.log += d));
    child.stderr.on('data', (d) => (p.log += d));
    child.on('exit', (code, sig) => (p.exited = sig ?? code));
    proc = p;
    const deadline = Date.now() + SERVER_START_TIMEOUT;
    while (Date.now() < deadline) {
      if (p.exited !== null) throw new Error(`lookout demo exited (${p.exited}) before it was ready:\n${p.log.slice(-4000)}`);
      try {
        const res = await fetch(`${url}/readyz`);
        if (res.status === 200) {
          const m = DEMO_TOKEN.exec(p.log);
          if (m) token = m[1];
          return;
        }
      } catch { /* not listening yet */ }
      await sleep(250);
    }
    throw new Error(`lookout demo not ready after ${SERVER_START_TIMEOUT / 1000}s:\n${p.log.slice(-4000)}`);
  };

  // Ends the running process (its whole group): SIGTERM, SIGKILL after 5 s.
  const kill = async () => {
    const p = proc;
    if (!p || p.exited !== null) return;
    try { process.kill(-p.child.pid, 'SIGTERM'); } catch { /* already gone */ }
    for (let i = 0; i < 50 && p.exited === null; i++) await sleep(100);
    if (p.exited === null) try { process.kill(-p.child.pid, 'SIGKILL'); } catch { /* gone */ }
    for (let i = 0; i < 50 && p.exited === null; i++) await sleep(100);
  };

  const stop = async () => {
    await kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const restart = async (whileDown) => {
    await kill();
    console.log(`stopped (${proc.exited}); restarting on the same port and data dir`);
    if (whileDown) await whileDown();
    try {
      await launch();
    } catch (err) {
      await stop();
      throw err;
    }
  };

  try {
    await launch();
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop, restart };
}

/**
 * Runs suites ([name, async (url, results, server) => …]) against one
 * server, each
 * to its end even if an earlier one aborted, then prints the closing line CI
 * reads and exits non-zero on any failure (or if nothing was checked).
 */
export async function main(label, suites) {
  const results = new Results();
  let server = null;
  try {
    let url = process.env.LOOKOUT_URL;
    if (!url) {
      server = await startServer();
      url = server.url;
    }
    url = url.replace(/\/+$/, '');
    for (const [name, suite] of suites) {
      console.log(`== ${name}`);
      try {
        // server is null against LOOKOUT_URL: a suite that must restart it skips that part.
        await suite(url, results, server);
      } catch (err) {
        results.check(`${name} ran to the end`, false, err?.stack ?? String(err));
      }
    }
  } catch (err) {
    results.check('test server started', false, err?.stack ?? String(err));
  } finally {
    await server?.stop();
  }
  console.log(`${label}: ${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed > 0 || results.passed === 0 ? 1 : 0);
}

/** True when the module at metaUrl is the script node was started with. */
export function isMain(metaUrl) {
  return process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === metaUrl;
}

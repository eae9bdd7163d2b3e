// The live feed: things move on the wall because the server pushes them over
// a WebSocket (GET /ws), never because the page polls.
//
// Two sockets, one subscription each (the protocol has one per socket):
//
//   city — the live layers that are always drawn as single points (no
//          cluster_below: incidents, alerts, hot spots) over the whole
//          world, so the feed and the incident queue hear of every incident
//          wherever the wall is looking;
//   view — the live layers the wall draws as single points at the current
//          zoom (zoom ≥ cluster_below: vehicles from z12, cameras from z10,
//          …) inside the viewport plus a margin. Below every threshold it is
//          closed: the tiles draw clusters there.
//
// Each frame is applied to an in-memory map keyed by layer and id, and the
// layers that changed are pushed to their GeoJSON source (map.js liveStyle)
// at most five times a second; moved points glide to their new position
// over about a second. Each socket keeps the `seq` of the last frame and, on
// any disconnect (server restart, 4008 "too slow", network), reconnects with
// exponential backoff (0.5 s → 10 s, with jitter) and subscribes again with
// since = that seq: the server replays what was missed (`resume`) or, when
// it no longer can, sends a `reset` snapshot that replaces the live state.
// The page is never reloaded.
//
// Incidents that are new or change status, alerts that join an incident
// already known (the first alert of an incident is told as the incident),
// and upserts whose status turns into an attention state go to onEntry, for
// the feed panel. The city socket always carries incidents and alerts (the
// `always` layers), whatever the panel's checkboxes say: the incident queue,
// the feed and the panel's counts depend on them; a checkbox only hides them
// on the map. Every incident it brings also goes to onWatch, for the queue
// and the open incident drawer.

import { socketURL } from './api.js';
import { liveSourceId } from './map.js';

/** Status values an operator must look at. */
export const ATTENTION = new Set(['alarm', 'fault', 'violation', 'entrapment', 'missing_checkin', 'new']);
/** The properties that carry a status, by layer kind. */
export const STATUS_FIELDS = ['status', 'cold_status', 'camera_status'];

const BACKOFF_MIN = 500;
const BACKOFF_MAX = 10_000;
const CONNECT_TIMEOUT = 10_000; // a connect that hangs (black-holed network) is given up and retried
const OFFLINE_AFTER = 30_000; // retrying for longer than this shows "offline"
const FLUSH_EVERY = 200; // ms between setData calls of one source: at most 5 per second
const TWEEN_MS = 1000; // a moved point glides to its new position over this long…
const TWEEN_MAX_M = 5000; // …unless it jumped further than this
const DEBOUNCE = 250; // ms after the last moveend before subscribing again
const PAD = 0.25; // the view subscription reaches this fraction of the viewport beyond each edge
const LOG_MAX = 1000;
const WORLD = [-180, -90, 180, 90];

/** Layers whose every feature the city socket reports to onWatch (unless startLive is given others). */
export const WATCHED = ['incidents'];

const sameSub = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * One WebSocket to /ws carrying one subscription. It reconnects by itself
 * while a subscription is wanted, and resumes from its last seq when the
 * subscription is the one the server last answered.
 */
class Channel {
  constructor(name, sink) {
    this.name = name;
    this.sink = sink; // {frame(channel, msg), changed(channel), log(entry)}
    this.want = null; // {layers, bbox, zoom} wanted now, or null (closed)
    this.acked = null; // the subscription the live state belongs to (answered by snapshot/resume)
    this.inflight = []; // subscriptions sent on this socket and not answered yet, oldest first
    this.seq = 0; // where to resume from
    this.socket = null;
    this.open = false;
    this.everOpen = false;
    this.timer = null; // retry timer
    this.connectTimer = null;
    this.attempt = 0;
    this.retryAt = 0;
    this.downSince = null; // when the socket last went down (null while up)
    this.lastFrameAt = 0;
    this.lastClose = null; // {code, reason, at}
    this.frames = 0;
    this.snapshots = 0;
  }

  /** 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline' */
  get state() {
    if (!this.want) return 'idle';
    if (this.open) return 'live';
    if (navigator.onLine === false) return 'offline';
    if (this.downSince !== null && Date.now() - this.downSince > OFFLINE_AFTER) return 'offline';
    return this.everOpen ? 'reconnecting' : 'connecting';
  }

  /** Wants sub from now on (null: close). Sends it at once when connected. */
  set(sub) {
    if (sameSub(sub, this.want)) return;
    this.want = sub;
    if (!sub) this.stop();
    else if (this.open) this.send();
    else if (!this.socket && !this.timer) this.connect();
    // else: connecting or waiting to retry; the subscription goes out on open
  }

  send(fresh = false) {
    // Resume only on a fresh socket (nothing in flight whose snapshot could
    // still replace the state) and for the very subscription the state
    // belongs to: a replay covers that viewport and no other.
    const since = fresh && this.seq > 0 && sameSub(this.want, this.acked) ? this.seq : 0;
    this.socket.send(JSON.stringify({ type: 'subscribe', ...this.want, since }));
    this.inflight.push(this.want);
    this.sink.log({ ch: this.name, dir: 'out', type: 'subscribe', since, layers: this.want.layers, zoom: this.want.zoom });
  }

  connect() {
    clearTimeout(this.timer);
    this.timer = null;
    let ws;
    try {
      ws = new WebSocket(socketURL('/ws'));
    } catch (err) {
      this.sink.log({ ch: this.name, dir: 'in', type: 'fail', reason: String(err) });
      this.downSince ??= Date.now();
      this.retry();
      return;
    }
    this.socket = ws;
    this.inflight = [];
    this.connectTimer = setTimeout(() => {
      if (this.socket === ws && !this.open) ws.close();
    }, CONNECT_TIMEOUT);
    ws.onopen = () => {
      if (this.socket !== ws) return;
      clearTimeout(this.connectTimer);
      this.open = true;
      this.everOpen = true;
      this.sink.log({ ch: this.name, dir: 'in', type: 'open' });
      if (this.want) this.send(true);
      this.sink.changed(this);
    };
    ws.onmessage = (ev) => {
      if (this.socket !== ws) return;
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        console.warn(`lookout: live ${this.name}: not JSON:`, String(ev.data).slice(0, 200));
        return;
      }
      const wasDown = this.downSince !== null;
      this.attempt = 0; // the server talks to us: the next drop starts from the shortest wait
      this.downSince = null;
      this.lastFrameAt = Date.now();
      this.frames++;
      switch (msg.type) {
        case 'snapshot':
          this.acked = this.inflight.shift() ?? this.acked;
          this.seq = msg.seq;
          this.snapshots++;
          break;
        case 'resume':
          // Not seq = msg.seq: the replayed changes come in the deltas frames
          // that follow; were the socket to drop before them, resuming from
          // msg.seq would skip them. Keep resuming from where we were.
          this.acked = this.inflight.shift() ?? this.acked;
          break;
        case 'deltas':
        case 'heartbeat':
          // A heartbeat comes when nothing is pending for us: everything up
          // to its seq has reached us or did not concern us.
          this.seq = msg.seq;
          break;
        case 'error':
          // The only thing we send is a subscription: this answers the oldest
          // one in flight (the server sends no snapshot for it).
          this.inflight.shift();
          console.warn(`lookout: live ${this.name}: server says:`, msg.reason);
          break;
        default:
          break;
      }
      this.sink.log({ ch: this.name, dir: 'in', type: msg.type, seq: msg.seq, from: msg.from, reset: msg.reset,
        n: msg.features?.length ?? msg.deltas?.length, reason: msg.reason });
      this.sink.frame(this, msg);
      if (wasDown) this.sink.changed(this);
    };
    ws.onclose = (ev) => {
      if (this.socket !== ws) return;
      clearTimeout(this.connectTimer);
      this.socket = null;
      this.open = false;
      this.inflight = [];
      this.lastClose = { code: ev.code, reason: ev.reason, at: Date.now() };
      this.downSince ??= Date.now();
      this.sink.log({ ch: this.name, dir: 'in', type: 'close', code: ev.code, reason: ev.reason });
      if (this.want) this.retry();
      this.sink.changed(this);
    };
    // onerror is always followed by onclose, which does the work.
  }

  retry() {
    const base = Math.min(BACKOFF_MAX, BACKOFF_MIN * 2 ** this.attempt);
    this.attempt++;
    // ±25 % jitter, so a hundred walls do not all knock at the same instant
    // after a server restart.
    const delay = Math.min(BACKOFF_MAX, base * (0.75 + Math.random() * 0.5));
    this.retryAt = Date.now() + delay;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Reconnect now (the browser came back online). */
  kick() {
    if (!this.want || this.socket) return;
    this.attempt = 0;
    this.connect();
  }

  stop() {
    clearTimeout(this.timer);
    clearTimeout(this.connectTimer);
    this.timer = null;
    const ws = this.socket;
    this.socket = null;
    this.open = false;
    if (ws) ws.close(1000, 'not needed');
    this.acked = null;
    this.inflight = [];
    this.seq = 0;
    this.attempt = 0;
    this.downSince = null;
    this.sink.changed(this);
  }

  info() {
    return { state: this.state, seq: this.seq, want: this.want, acked: this.acked, open: this.open,
      attempt: this.attempt, lastFrameAt: this.lastFrameAt, lastClose: this.lastClose, frames: this.frames,
      snapshots: this.snapshots, retryAt: this.timer ? this.retryAt : null };
  }
}

/** Great-circle-ish distance in metres (equirectangular; fine for a few km). */
function metres([x1, y1], [x2, y2]) {
  const k = Math.PI / 180;
  const x = (x2 - x1) * k * Math.cos(((y1 + y2) / 2) * k);
  const y = (y2 - y1) * k;
  return Math.hypot(x, y) * 6_371_000;
}

/** The first status of props that is an attention state and was not one before. */
export function attentionOf(prev, props) {
  for (const f of STATUS_FIELDS) {
    const v = props?.[f];
    if (ATTENTION.has(v) && (!prev || prev[f] !== v)) return { field: f, value: v };
  }
  return null;
}

const round = (x, d = 5) => Math.round(x * 10 ** d) / 10 ** d;

/** The viewport as [minLon, minLat, maxLon, maxLat]. */
function viewport(map) {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

function pad([w, s, e, n], f) {
  const dx = (e - w) * f;
  const dy = (n - s) * f;
  return [Math.max(-180, w - dx), Math.max(-90, s - dy), Math.min(180, e + dx), Math.min(90, n + dy)].map((x) => round(x));
}

const inside = (b, [x, y]) => b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3];
const contains = (o, i) => o[0] <= i[0] && o[1] <= i[1] && o[2] >= i[2] && o[3] >= i[3];
const area = (b) => (b[2] - b[0]) * (b[3] - b[1]);

/**
 * Starts the live feed on a loaded map whose style went through liveStyle.
 * live: name → {clusterBelow, minzoom, maxzoom} (map.js liveLayersOf).
 * isVisible(name): the panel's checkbox; unticked layers are not subscribed.
 * labelOf(layer, props): the name an operator knows the feature by.
 * onEntry(entry): an incident delta or a status turning into an attention state.
 * onStatus(): the connection state changed (redraw the indicator).
 * onCount(layer, n): the feature count of a layer the city socket holds in
 * full (its bbox is the world), so the panel's count stays true.
 * always: layers the city socket carries even when unticked (incidents, alerts).
 * onWatch(ev): every feature of a watched layer (`watch`, default WATCHED)
 * the city socket brings: {op: 'snapshot', layer, features, reset} once per
 * snapshot and layer, {op: 'put', layer, feature, prev} per delta (prev: the
 * properties it had before, or null), {op: 'delete', layer, id}.
 */
export function startLive(map, { live, isVisible, labelOf, onEntry, onStatus, onCount, onWatch, always = [], watch = WATCHED }) {
  const alwaysOn = new Set(always);
  const watched = new Set(watch);
  const byLayer = new Map(); // layer → Map(id → rec)
  const dirty = new Set();
  const log = [];
  let flushTimer = null;
  let lastFlush = -Infinity;
  let debounce = null;
  let setDataCalls = 0;
  let snapshotPending = false; // a snapshot was applied and is not drawn yet
  let logged = 0;

  const sink = {
    frame: (ch, msg) => apply(ch, msg),
    changed: () => onStatus?.(),
    log: (e) => {
      log.push({ i: ++logged, t: Date.now(), ...e });
      if (log.length > LOG_MAX) log.splice(0, log.length - LOG_MAX);
    },
  };
  const city = new Channel('city', sink);
  const view = new Channel('view', sink);
  const channels = [city, view];

  const recs = (layer) => {
    let m = byLayer.get(layer);
    if (!m) byLayer.set(layer, (m = new Map()));
    return m;
  };

  // ---- state -------------------------------------------------------------

  /** Puts a GeoJSON feature (with top-level layer) into the state; returns [prev, rec]. */
  function put(ch, f, tween) {
    const layer = f?.layer;
    if (!layer || f.id === undefined || !f.geometry) return [null, null];
    const id = String(f.id);
    const m = recs(layer);
    const prev = m.get(id) ?? null;
    const rec = { layer, id, ch: ch.name, props: { ...f.properties, id, layer }, geometry: f.geometry, from: null, t0: 0 };
    const now = performance.now();
    if (tween && prev && prev.geometry.type === 'Point' && f.geometry.type === 'Point') {
      const at = positionAt(prev, now);
      const to = f.geometry.coordinates;
      if ((at[0] !== to[0] || at[1] !== to[1]) && metres(at, to) < TWEEN_MAX_M) {
        rec.from = at;
        rec.t0 = now;
      }
    }
    m.set(id, rec);
    markDirty(layer);
    return [prev, rec];
  }

  function remove(layer, id) {
    if (byLayer.get(layer)?.delete(String(id))) markDirty(layer);
  }

  /** Drops everything a channel brought; returns it (key → rec) for diffing. */
  function dropChannel(ch) {
    const old = new Map();
    for (const [layer, m] of byLayer) {
      for (const [id, rec] of m) {
        if (rec.ch !== ch.name) continue;
        old.set(`${layer}\u0000${id}`, rec);
        m.delete(id);
        markDirty(layer);
      }
    }
    return old;
  }

  function positionAt(rec, now) {
    const to = rec.geometry.coordinates;
    if (!rec.from || now >= rec.t0 + TWEEN_MS) return to;
    const k = (now - rec.t0) / TWEEN_MS;
    const e = k * k * (3 - 2 * k); // smoothstep: starts and stops gently
    return [rec.from[0] + (to[0] - rec.from[0]) * e, rec.from[1] + (to[1] - rec.from[1]) * e];
  }

  function entry(rec, state, kind) {
    const c = rec.geometry.type === 'Point' ? rec.geometry.coordinates : null;
    const p = rec.props;
    const e = { at: new Date(), layer: rec.layer, id: rec.id, name: labelOf(rec.layer, p), state, field: kind,
      incident: rec.layer === 'incidents', coordinates: c };
    if (rec.layer === 'incidents' || rec.layer === 'alerts') {
      // Incidents and alerts carry their title in both languages, and say
      // which incident they are (or belong to): a click opens its drawer.
      if (p.title) e.names = { zh: String(p.title), en: String(p.title_en || p.title) };
      if (Number.isFinite(p.severity)) e.severity = p.severity;
      e.incidentId = rec.layer === 'incidents' ? rec.id : (p.incident ?? null);
    }
    onEntry?.(e);
  }

  /**
   * An incident is news when it is new to us or its status changed; an alert
   * when it is new and joins an incident we know (another camera sees the
   * smoke). The alert that opens an incident comes just before it (the
   * engine writes both in one Apply) and is told as the new incident.
   */
  function watchedEntry(prev, rec) {
    if (rec.layer === 'incidents') {
      if (!prev || prev.props.status !== rec.props.status) entry(rec, rec.props.status, 'incident');
    } else if (!prev && find('incidents', rec.props.incident)) entry(rec, 'alert', 'alert');
  }

  function apply(ch, msg) {
    switch (msg.type) {
      case 'snapshot': {
        snapshotPending = true;
        const first = ch.snapshots === 1;
        const old = dropChannel(ch);
        const seen = new Map(ch === city ? [...watched].map((l) => [l, []]) : []);
        for (const f of msg.features ?? []) {
          const [, rec] = put(ch, f, false);
          if (rec) seen.get(rec.layer)?.push(f);
          if (!rec || first) continue;
          // A snapshot after a drop: say what changed meanwhile. Features the
          // wall did not know are not news when a pan brought them; but the
          // city socket sees the whole world, so after a reset what it did
          // not know was created while we were away (an incident, a hot spot).
          const prev = old.get(`${rec.layer}\u0000${rec.id}`);
          const created = !prev && msg.reset && ch === city;
          if (rec.layer === 'incidents') {
            if (msg.reset && (created || (prev && prev.props.status !== rec.props.status))) entry(rec, rec.props.status, 'incident');
          } else if (rec.layer === 'alerts') {
            if (created && old.has(`incidents\u0000${rec.props.incident}`)) entry(rec, 'alert', 'alert');
          } else if (prev || created) {
            const a = attentionOf(prev?.props, rec.props);
            if (a) entry(rec, a.value, a.field);
          }
        }
        for (const [layer, features] of seen) {
          if (ch.acked?.layers.includes(layer)) onWatch?.({ op: 'snapshot', layer, features, reset: Boolean(msg.reset) });
        }
        ch.truncated = Boolean(msg.truncated);
        if (msg.truncated) console.warn(`lookout: live ${ch.name}: snapshot truncated by the server`);
        break;
      }
      case 'deltas':
        for (const d of msg.deltas ?? []) {
          if (d.op === 'delete') {
            remove(d.layer, d.id);
            if (ch === city && watched.has(d.layer)) onWatch?.({ op: 'delete', layer: d.layer, id: String(d.id) });
            continue;
          }
          if (d.op !== 'upsert' && d.op !== 'incident' && d.op !== 'alert') continue; // an op this client does not know yet
          // The server also tells us of things that leave the viewport (their
          // old position was in it); it will not tell us of them again, so
          // forget them rather than keep a stale copy.
          const g = d.feature?.geometry;
          const box = ch.acked?.bbox;
          if (g?.type === 'Point' && box && !inside(box, g.coordinates)) {
            remove(d.feature.layer, d.feature.id);
            continue;
          }
          const [prev, rec] = put(ch, d.feature, true);
          if (!rec) continue;
          if (ch === city && watched.has(rec.layer)) onWatch?.({ op: 'put', layer: rec.layer, feature: d.feature, prev: prev?.props ?? null });
          if (rec.layer === 'incidents' || rec.layer === 'alerts') {
            watchedEntry(prev, rec);
            continue;
          }
          const a = attentionOf(prev?.props, rec.props);
          if (a) entry(rec, a.value, a.field);
        }
        break;
      default:
        break;
    }
  }

  // ---- drawing -----------------------------------------------------------

  function markDirty(layer) {
    dirty.add(layer);
    if (!flushTimer) flushTimer = setTimeout(flush, Math.max(0, lastFlush + FLUSH_EVERY - performance.now()));
  }

  function flush() {
    flushTimer = null;
    const now = performance.now();
    lastFlush = now;
    const layers = [...dirty];
    dirty.clear();
    for (const layer of layers) {
      const src = map.getSource(liveSourceId(layer));
      let gliding = false;
      const features = [];
      for (const rec of byLayer.get(layer)?.values() ?? []) {
        let geometry = rec.geometry;
        if (rec.from) {
          if (now < rec.t0 + TWEEN_MS) {
            geometry = { type: 'Point', coordinates: positionAt(rec, now) };
            gliding = true;
          } else rec.from = null;
        }
        rec.drawn = geometry.coordinates;
        features.push({ type: 'Feature', geometry, properties: rec.props });
      }
      if (src) {
        src.setData({ type: 'FeatureCollection', features });
        setDataCalls++;
      }
      if (gliding) dirty.add(layer);
      if (city.acked?.layers.includes(layer) && !city.truncated) onCount?.(layer, features.length);
    }
    snapshotPending = false;
    if (dirty.size) flushTimer = setTimeout(flush, FLUSH_EVERY);
  }

  // ---- subscriptions -----------------------------------------------------

  function update() {
    clearTimeout(debounce);
    debounce = null;
    const z = map.getZoom();
    const cityLayers = [];
    const viewLayers = [];
    let cityZoom = 0;
    for (const [name, s] of live) {
      if (!isVisible(name) && !(alwaysOn.has(name) && s.clusterBelow === 0)) continue;
      if (s.clusterBelow === 0) {
        cityLayers.push(name);
        cityZoom = Math.max(cityZoom, s.minzoom);
      } else if (z >= s.clusterBelow && z >= s.minzoom && z < s.maxzoom + 1) viewLayers.push(name);
    }
    if (cityLayers.length) city.set({ layers: cityLayers, bbox: WORLD, zoom: cityZoom });
    else if (city.want) {
      city.set(null);
      dropChannel(city);
    }
    if (!viewLayers.length) {
      if (view.want) {
        view.set(null);
        dropChannel(view);
      }
      return;
    }
    const vp = viewport(map);
    const cur = view.want;
    // Still covered: same layers, the viewport inside what is subscribed,
    // and that not much bigger than needed. A small pan costs nothing.
    if (cur && sameSub(cur.layers, viewLayers) && contains(cur.bbox, vp) && area(cur.bbox) <= 4 * area(pad(vp, PAD))) return;
    view.set({ layers: viewLayers, bbox: pad(vp, PAD), zoom: round(z, 2) });
  }

  /** Subscribes again after the map stopped moving (debounced). */
  function schedule() {
    clearTimeout(debounce);
    debounce = setTimeout(update, DEBOUNCE);
  }

  map.on('moveend', schedule);
  window.addEventListener('online', () => channels.forEach((c) => c.kick()));
  window.addEventListener('offline', () => onStatus?.());
  update();

  /** Connection state over the sockets in use: live, connecting, reconnecting, offline or idle. */
  function status() {
    const states = channels.map((c) => c.state).filter((s) => s !== 'idle');
    const order = ['offline', 'reconnecting', 'connecting', 'live'];
    const state = order.find((s) => states.includes(s)) ?? 'idle';
    const lastFrameAt = Math.max(0, ...channels.map((c) => c.lastFrameAt));
    const retryAt = Math.min(Infinity, ...channels.map((c) => (c.timer ? c.retryAt : Infinity)));
    const lastClose = channels.map((c) => c.lastClose).filter(Boolean).sort((a, b) => b.at - a.at)[0] ?? null;
    return { state, lastFrameAt: lastFrameAt || null, retryAt: Number.isFinite(retryAt) ? retryAt : null, lastClose };
  }

  const find = (layer, id) => byLayer.get(layer)?.get(String(id)) ?? null;

  // Read-only view for tests and the console: window.__lookout.live.
  const hook = Object.freeze({
    /** The view socket (vehicles, cameras, … at close zoom); close() it to test a reconnect. */
    get socket() { return view.socket; },
    get sockets() { return { city: city.socket, view: view.socket }; },
    channel: (name) => channels.find((c) => c.name === name)?.info() ?? null,
    get status() { return status(); },
    /** The last frames and subscriptions, oldest first: {i (numbers them), t, ch, dir, type, seq, since, from, reset, n}. */
    get log() { return log.map((e) => ({ ...e })); },
    /** The latest state of a feature: {coordinates, properties} (where it is going, not where it is drawn). */
    feature: (layer, id) => {
      const r = find(layer, id);
      return r ? { coordinates: r.geometry.coordinates, properties: { ...r.props } } : null;
    },
    /** Where the feature was last drawn (pushed to its GeoJSON source). */
    drawn: (layer, id) => find(layer, id)?.drawn ?? null,
    count: (layer) => byLayer.get(layer)?.size ?? 0,
    get setDataCalls() { return setDataCalls; },
    /**
     * The view is served: no subscription waiting or unanswered, and the
     * last snapshot pushed to the map. (Deltas and glides may still be under
     * way; on a busy wall they never stop.)
     */
    get settled() {
      return !debounce && !snapshotPending && channels.every((c) => !c.want || (c.open && c.inflight.length === 0));
    },
  });

  return {
    hook,
    status,
    schedule,
    update,
    /** Where a feature is now (for the feed: fly to a vehicle, not to where it was). */
    position: (layer, id) => {
      const r = find(layer, id);
      return r?.geometry.type === 'Point' ? r.geometry.coordinates : null;
    },
  };
}

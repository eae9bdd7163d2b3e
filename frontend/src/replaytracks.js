// The tracks of a replay: GET /api/v1/tracks, each object's points, stops
// and distance, where it is at a time (interpolated between its fixes), its
// trail so far, and the GeoJSON the map draws for one moment. No DOM here.

import { getJSON } from './api.js';
import { metres } from './dispatchview.js';

/** Distinct colours on the dark map, handed out in order (a freed one is reused first). */
export const PALETTE = ['#ff5a5f', '#35c4ff', '#ffd166', '#48bb78', '#c77dff', '#ff9f1c', '#00e5c0', '#f472b6', '#a3e635', '#60a5fa', '#fb7185', '#e2e8f0'];

/** The first colour of PALETTE no one uses, or (all taken) the next one round. */
export function nextColor(used, n = used.size) {
  return PALETTE.find((c) => !used.has(c)) ?? PALETTE[n % PALETTE.length];
}

const ms = (v) => {
  const x = Date.parse(v ?? '');
  return Number.isNaN(x) ? null : x;
};

/**
 * The tracks of `keys` ("layer/id") in [from, to] (epoch ms): the server's
 * answer, each track prepared (see prepare). stop_m and stop_s are passed
 * on when given. Throws ApiError with the server's reason.
 */
export async function fetchTracks(keys, from, to, { stopM, stopS, signal } = {}) {
  const body = await getJSON('/api/v1/tracks', {
    ids: keys.join(','), from: new Date(from).toISOString(), to: new Date(to).toISOString(), stop_m: stopM, stop_s: stopS,
  }, { signal });
  return { from: ms(body?.from) ?? from, to: ms(body?.to) ?? to, tracks: (body?.tracks ?? []).map(prepare) };
}

/**
 * One track of the answer made ready to play: points sorted by time, the
 * stopped segments as stops {from, to, center, first, last}, and the
 * distance travelled up to each point (cum, metres), not counting the
 * jitter while stopped.
 */
export function prepare(raw) {
  const points = (raw.points ?? []).filter((p) => Array.isArray(p) && p.length >= 3 && p.every(Number.isFinite))
    .slice().sort((a, b) => a[2] - b[2]);
  const stops = [];
  for (const s of raw.segments ?? []) {
    if (s.kind !== 'stopped') continue;
    const first = Number.isInteger(s.first) ? s.first : null;
    const last = Number.isInteger(s.last) ? s.last : null;
    const from = ms(s.from) ?? points[first]?.[2];
    const to = ms(s.to) ?? points[last]?.[2];
    if (from == null || to == null) continue;
    const center = Array.isArray(s.center) && s.center.length >= 2 ? [s.center[0], s.center[1]] : centerOf(points.slice(first ?? 0, (last ?? -1) + 1));
    if (!center) continue;
    stops.push({ from, to, center, first, last });
  }
  stops.sort((a, b) => a.from - b.from);
  // Steps inside a stop (between its first and last fix) are not travel.
  const still = new Uint8Array(points.length);
  for (const s of stops) {
    const a = s.first ?? points.findIndex((p) => p[2] >= s.from);
    let b = s.last;
    if (b == null) for (b = a; b + 1 < points.length && points[b + 1][2] <= s.to; b++);
    for (let i = Math.max(1, a + 1); i <= Math.min(b, points.length - 1); i++) still[i] = 1;
  }
  const cum = new Float64Array(points.length);
  for (let i = 1; i < points.length; i++) cum[i] = cum[i - 1] + (still[i] ? 0 : metres(points[i - 1], points[i]));
  return {
    key: `${raw.layer}/${raw.id}`,
    layer: raw.layer,
    id: raw.id,
    name: raw.name ?? raw.id,
    points,
    stops,
    cum,
    still,
    distance: points.length ? cum[points.length - 1] : 0,
    truncated: raw.truncated === true, // the server stopped reading (too many points in one answer)
  };
}

function centerOf(pts) {
  if (!pts.length) return null;
  let x = 0;
  let y = 0;
  for (const p of pts) {
    x += p[0];
    y += p[1];
  }
  return [x / pts.length, y / pts.length];
}

/** The index of the last point at or before t, or -1. */
function indexAt(points, t) {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0 || points[0][2] > t) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid][2] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Where the object is at t: {at: [lon, lat], state, i, distance}: state
 * 'before' (its first fix is later: at is that fix), 'moving' (between two
 * fixes, interpolated), 'after' (its last fix, where it stays). null when it
 * has no points in the window. distance is travelled so far.
 */
export function positionAt(track, t) {
  const p = track.points;
  if (!p.length) return null;
  const i = indexAt(p, t);
  if (i < 0) return { at: [p[0][0], p[0][1]], state: 'before', i: -1, distance: 0 };
  if (i >= p.length - 1) return { at: [p[i][0], p[i][1]], state: 'after', i, distance: track.cum[i] };
  const [a, b] = [p[i], p[i + 1]];
  const f = b[2] > a[2] ? (t - a[2]) / (b[2] - a[2]) : 1;
  const step = track.cum[i + 1] - track.cum[i];
  return { at: [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f], state: 'moving', i, distance: track.cum[i] + step * f };
}

/** The trail so far: the fixes up to t and the interpolated position, as coordinates. */
export function trailAt(track, t, pos = positionAt(track, t)) {
  if (!pos || pos.i < 0) return [];
  const line = track.points.slice(0, pos.i + 1).map((q) => [q[0], q[1]]);
  if (pos.state === 'moving') line.push(pos.at);
  return line;
}

/** The stops begun by t, each with how long it has lasted by then (ms) and whether it is over. */
export function stopsAt(track, t) {
  return track.stops.filter((s) => s.from <= t).map((s) => ({ ...s, lasted: Math.min(t, s.to) - s.from, over: t >= s.to }));
}

const fc = (features) => ({ type: 'FeatureCollection', features });

/** Every track whole (drawn faint under the trails). */
export function fullFeatures(tracks, colorOf) {
  return fc(tracks.filter((tr) => tr.points.length > 1).map((tr) => ({
    type: 'Feature',
    properties: { key: tr.key, color: colorOf(tr.key) },
    geometry: { type: 'LineString', coordinates: tr.points.map((q) => [q[0], q[1]]) },
  })));
}

/**
 * What the map draws at t: markers (one per object with points: state
 * before/moving/after), trails so far and the stops begun, each with its
 * object's colour; stopLabel(ms) words a stop's duration.
 */
export function frameAt(tracks, t, { colorOf, stopLabel, nameOf = (tr) => tr.name }) {
  const markers = [];
  const trails = [];
  const stops = [];
  for (const tr of tracks) {
    const pos = positionAt(tr, t);
    if (!pos) continue;
    const color = colorOf(tr.key);
    markers.push({ type: 'Feature', properties: { key: tr.key, color, name: nameOf(tr), state: pos.state }, geometry: { type: 'Point', coordinates: pos.at } });
    const line = trailAt(tr, t, pos);
    if (line.length > 1) trails.push({ type: 'Feature', properties: { key: tr.key, color }, geometry: { type: 'LineString', coordinates: line } });
    for (const s of stopsAt(tr, t)) {
      stops.push({
        type: 'Feature',
        properties: { key: tr.key, color, from: s.from, to: s.to, lasted: s.lasted, over: s.over, label: stopLabel(s.lasted) },
        geometry: { type: 'Point', coordinates: s.center },
      });
    }
  }
  return { markers: fc(markers), trails: fc(trails), stops: fc(stops) };
}

/** [minLon, minLat, maxLon, maxLat] of every point and stop, or null. */
export function extentOf(tracks) {
  let b = null;
  const add = (x, y) => {
    b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
  };
  for (const tr of tracks) {
    for (const q of tr.points) add(q[0], q[1]);
    for (const s of tr.stops) add(s.center[0], s.center[1]);
  }
  return b;
}

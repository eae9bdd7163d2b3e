// Tile check: Lookout's vector tiles decoded by an independent decoder
// (@mapbox/vector-tile + pbf, not the server's Go encoder) and compared with
// what the REST API says about the same places. Run alone with
// `node test/tiles.mjs` or with the smoke test by `npm test`.

import http from 'node:http';
import zlib from 'node:zlib';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { isMain, main, authHeaders } from './lib.mjs';

const EXTENT = 4096;
const JIANGBEI = [106.57, 29.6]; // 江北区, where the 663 official vehicles are

// Web Mercator tile maths, written here rather than borrowed from the server,
// so that a shared mistake cannot make both sides agree.
const tileX = (lon, z) => ((lon + 180) / 360) * 2 ** z;
const tileY = (lat, z) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z;
};
const lonOf = (x, z) => (x / 2 ** z) * 360 - 180;
const latOf = (y, z) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;
/** [w, s, e, n] of tile z/x/y grown by `buffer` MVT units on each side. */
const tileBBox = (z, x, y, buffer = 0) => {
  const f = buffer / EXTENT;
  return [lonOf(x - f, z), latOf(y + 1 + f, z), lonOf(x + 1 + f, z), latOf(y - f, z)];
};
/** lon/lat → position inside tile z/x/y in MVT units (unrounded). */
const inTile = ([lon, lat], z, x, y) => [(tileX(lon, z) - x) * EXTENT, (tileY(lat, z) - y) * EXTENT];

/** A raw GET with node:http, so compression and validators are not hidden by fetch. */
function raw(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { ...authHeaders(), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

async function json(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Fetches and decodes a tile; null for 204 (empty). */
async function tile(base, layers, z, x, y) {
  const res = await raw(`${base}/tiles/${layers.join(',')}/${z}/${x}/${y}.mvt`);
  if (res.status === 204) return null;
  if (res.status !== 200) throw new Error(`tile ${layers}/${z}/${x}/${y}: ${res.status} ${res.body}`);
  return new VectorTile(new Pbf(res.body));
}

const featuresOf = (layer) => Array.from({ length: layer?.length ?? 0 }, (_, i) => layer.feature(i));

/** Every feature of a layer in bbox, following next_cursor. */
async function apiFeatures(base, layer, bbox) {
  const out = [];
  let cursor = '';
  do {
    const q = new URLSearchParams({ bbox: bbox.join(','), limit: '10000' });
    if (cursor) q.set('cursor', cursor);
    const page = await json(`${base}/api/v1/layers/${layer}/features?${q}`);
    out.push(...page.features);
    cursor = page.next_cursor ?? '';
  } while (cursor);
  return out;
}

export async function tilesSuite(base, r) {
  const { layers: rest } = await json(`${base}/api/v1/layers`);
  const info = Object.fromEntries(rest.map((l) => [l.name, l]));

  // -- A composite z14 tile over 江北区 with the most vehicles around there.
  const z = 14;
  const vehicles = await apiFeatures(base, 'vehicles', [106.4, 29.5, 106.8, 29.75]);
  const byTile = new Map();
  for (const f of vehicles) {
    const [lon, lat] = f.geometry.coordinates;
    const key = `${Math.floor(tileX(lon, z))}/${Math.floor(tileY(lat, z))}`;
    byTile.set(key, (byTile.get(key) ?? 0) + 1);
  }
  const near = (k) => { const [x, y] = k.split('/').map(Number); return Math.hypot(x - tileX(JIANGBEI[0], z), y - tileY(JIANGBEI[1], z)); };
  const best = [...byTile.entries()].sort((a, b) => b[1] - a[1] || near(a[0]) - near(b[0]))[0];
  r.check('the REST API has vehicles around 江北区', best, `${vehicles.length} vehicles`);
  if (!best) return;
  const [x, y] = best[0].split('/').map(Number);
  const requested = ['districts', 'vehicles', 'cameras', 'responders'];
  const vt = await tile(base, requested, z, x, y);
  const names = Object.keys(vt?.layers ?? {});
  // A labelled polygon layer also brings "<name>_label" (its label points).
  const stray = names.filter((n) => !requested.includes(n) && !requested.includes(n.replace(/_label$/, '')));
  r.check(`z${z}/${x}/${y}: MVT layer names are the requested layers`, names.includes('vehicles') && stray.length === 0,
    `got [${names}]`);
  const vl = vt.layers.vehicles;
  r.check('vehicles layer: extent 4096, version 2', vl.extent === EXTENT && vl.version === 2, `extent ${vl.extent}, version ${vl.version}`);

  const decoded = featuresOf(vl);
  const inside = decoded.filter((f) => {
    const [[p]] = f.loadGeometry();
    return p.x >= 0 && p.y >= 0 && p.x < EXTENT && p.y < EXTENT;
  });
  const api = await apiFeatures(base, 'vehicles', tileBBox(z, x, y));
  // A point within a unit of an edge may round to either side (the server
  // floors, the bbox filter is inclusive): such a point may legitimately be
  // counted in the neighbouring tile, so it is listed, not failed on.
  const apiIds = new Set(api.map((f) => f.id));
  const tileIds = new Set(inside.map((f) => f.properties.id));
  const edge = (f) => inTile(f.geometry.coordinates, z, x, y).some((v) => v < 1 || v > EXTENT - 1);
  const onlyApi = api.filter((f) => !tileIds.has(f.id));
  const onlyTile = [...tileIds].filter((id) => !apiIds.has(id));
  r.check(`vehicles inside tile = REST bbox count`, inside.length === api.length || (onlyTile.length === 0 && onlyApi.every(edge)),
    `tile ${inside.length} (+${decoded.length - inside.length} in the buffer), API ${api.length}` +
    (onlyApi.length + onlyTile.length ? `; only in API: ${onlyApi.map((f) => f.id)}; only in tile: ${onlyTile}` : ''));

  // Positions: decoded and projected back to lon/lat, then compared in tile
  // units, where the encoder's rounding is at most one unit.
  const apiById = new Map(api.map((f) => [f.id, f]));
  let worst = 0;
  let worstId = '';
  for (const f of inside) {
    const a = apiById.get(f.properties.id);
    if (!a) continue;
    const back = f.toGeoJSON(x, y, z).geometry.coordinates;
    const p = inTile(back, z, x, y);
    const q = inTile(a.geometry.coordinates, z, x, y);
    const d = Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]));
    if (d > worst) [worst, worstId] = [d, f.properties.id];
  }
  r.check('decoded vehicle positions within 1 tile unit of the API', worst <= 1, `worst ${worst.toFixed(3)} units (${worstId || 'none'})`);

  const tileFields = new Set(['id', ...(info.vehicles?.fields ?? []).filter((f) => f.tile).map((f) => f.name)]);
  const extra = new Set(decoded.flatMap((f) => Object.keys(f.properties)).filter((k) => !tileFields.has(k)));
  const ids = decoded.every((f) => typeof f.properties.id === 'string' && Number.isSafeInteger(f.id) && f.id > 0);
  r.check('vehicle features: numeric MVT id, string "id", only tile fields', ids && extra.size === 0,
    `fields ${[...new Set(decoded.flatMap((f) => Object.keys(f.properties)))]}${extra.size ? `; not tile fields: ${[...extra]}` : ''}`);
  r.check('no vehicle clusters at z14', decoded.every((f) => !f.properties.cluster));

  // -- Districts at z6: polygons with names; every one of the 38 in some tile.
  const cq = info.districts.bounds;
  const range = (b, zz) => [Math.floor(tileX(b[0], zz)), Math.floor(tileY(b[3], zz)), Math.floor(tileX(b[2], zz)), Math.floor(tileY(b[1], zz))];
  const [x0, y0, x1, y1] = range(cq, 6);
  const seen = new Set();
  let polygons = true;
  for (let tx = x0; tx <= x1; tx++) {
    for (let ty = y0; ty <= y1; ty++) {
      const t = await tile(base, ['districts'], 6, tx, ty);
      for (const f of featuresOf(t?.layers.districts)) {
        polygons &&= f.type === 3 && typeof f.properties.name === 'string' && f.properties.name.length > 0;
        seen.add(f.properties.name);
      }
    }
  }
  r.check('z6 districts tiles decode to named polygons covering all districts', polygons && seen.size === info.districts.count,
    `${seen.size} names (e.g. ${[...seen].slice(0, 4)}), API count ${info.districts.count}`);

  // -- Cameras at z6: clusters plus single cameras add up to the layer count.
  const [cx0, cy0, cx1, cy1] = range(info.cameras.bounds, 6);
  let total = 0;
  let clusters = 0;
  let badCluster = 0;
  for (let tx = cx0; tx <= cx1; tx++) {
    for (let ty = cy0; ty <= cy1; ty++) {
      const t = await tile(base, ['cameras'], 6, tx, ty);
      for (const f of featuresOf(t?.layers.cameras)) {
        if (f.properties.cluster) {
          clusters++;
          if (!(f.properties.point_count >= 2) || 'id' in f.properties) badCluster++;
          total += f.properties.point_count;
        } else total += 1;
      }
    }
  }
  r.check('z6 cameras: clusters have point_count and no id', clusters > 0 && badCluster === 0, `${clusters} clusters, ${badCluster} bad`);
  r.check('z6 cameras: Σ point_count + singles = layer count', total === info.cameras.count, `${total} vs ${info.cameras.count}`);

  await protocolChecks(base, r, { z, x, y, layers: requested });
  await documentChecks(base, r);
}

// Errors, validators, compression and empty tiles.
async function protocolChecks(base, r, t) {
  const errorCase = async (name, path, want) => {
    const res = await raw(`${base}${path}`);
    let body = null;
    try { body = JSON.parse(res.body); } catch { /* not JSON */ }
    r.check(`${name} → ${want.join('/')} with a JSON error`, want.includes(res.status) && body?.error?.status === res.status &&
      /json/.test(res.headers['content-type'] ?? ''), `${res.status} ${res.body.toString().trim().slice(0, 120)}`);
  };
  await errorCase('z=30', '/tiles/cameras/30/0/0.mvt', [400]);
  await errorCase('x beyond 2^z', '/tiles/cameras/3/8/0.mvt', [400]);
  await errorCase('y beyond 2^z', '/tiles/cameras/3/0/9.mvt', [400]);
  await errorCase('unknown layer', '/tiles/no_such_layer/6/51/26.mvt', [404]);
  await errorCase('unknown layer in a composite', '/tiles/cameras,no_such_layer/6/51/26.mvt', [404]);
  await errorCase('bad layer name', '/tiles/Cameras!/6/51/26.mvt', [400, 404]);

  const url = `${base}/tiles/${t.layers.join(',')}/${t.z}/${t.x}/${t.y}.mvt`;
  const first = await raw(url);
  const etag = first.headers.etag;
  const again = await raw(url, { 'If-None-Match': etag });
  r.check('repeated request with If-None-Match → 304', etag && again.status === 304 && again.body.length === 0,
    `ETag ${etag}, status ${again.status}`);
  const gz = await raw(url, { 'Accept-Encoding': 'gzip' });
  let same = false;
  try { same = zlib.gunzipSync(gz.body).equals(first.body); } catch { /* not gzip */ }
  r.check('Accept-Encoding: gzip → gzipped body', gz.headers['content-encoding'] === 'gzip' && gz.body[0] === 0x1f && gz.body[1] === 0x8b && same,
    `Content-Encoding ${gz.headers['content-encoding']}, ${gz.body.length} of ${first.body.length} bytes, unzips equal: ${same}`);
  r.check('tile Content-Type is MVT, Vary: Accept-Encoding',
    first.headers['content-type'] === 'application/vnd.mapbox-vector-tile' && /accept-encoding/i.test(first.headers.vary ?? ''),
    `${first.headers['content-type']}; Vary ${first.headers.vary}`);
  const empty = await raw(`${base}/tiles/cameras/6/0/0.mvt`);
  r.check('empty tile → 204', empty.status === 204 && empty.body.length === 0, `status ${empty.status}`);
}

// TileJSON, catalogue and style agree with each other and with the tiles.
async function documentChecks(base, r) {
  const tj = await json(`${base}/tiles/districts,vehicles.json`);
  const ids = (tj.vector_layers ?? []).map((l) => l.id);
  r.check('TileJSON 3.0.0 with absolute tiles URL, zooms, bounds, vector_layers',
    tj.tilejson === '3.0.0' && /^https?:\/\/.+\{z\}\/\{x\}\/\{y\}\.mvt$/.test(tj.tiles?.[0] ?? '') &&
    Number.isInteger(tj.minzoom) && Number.isInteger(tj.maxzoom) && tj.bounds?.length === 4 &&
    ids.includes('districts') && ids.includes('vehicles') && tj.vector_layers.every((l) => l.fields && 'minzoom' in l),
    `tiles ${tj.tiles?.[0]}; vector_layers [${ids}]`);

  const cat = await json(`${base}/catalog`);
  const catNames = (cat.layers ?? []).map((l) => l.name);
  r.check('catalogue lists layers with titles, fields and TileJSON, and the wall style',
    catNames.length > 0 && cat.layers.every((l) => l.title?.zh && l.title?.en && Array.isArray(l.fields) && l.tilejson) &&
    (cat.styles ?? []).some((s) => /(^|\/)wall(\.json)?$/.test(s)), `${catNames.length} layers; styles ${cat.styles}`);

  const style = await json(`${base}/styles/wall.json`);
  const src = style.sources?.lookout;
  const all = src?.url ? await json(src.url) : { vector_layers: [] };
  const known = new Set(all.vector_layers.map((l) => l.id));
  const missing = style.layers.filter((l) => l.source === 'lookout' && !known.has(l['source-layer'])).map((l) => l.id);
  r.check('style: every source-layer is in the source TileJSON', src?.type === 'vector' && missing.length === 0,
    missing.length ? `unknown source-layers in ${missing}` : `${style.layers.length} style layers`);
  const untagged = style.layers.filter((l) => l.source && !l.metadata?.['lookout:layer']).map((l) => l.id);
  r.check('style: every data layer names its Lookout layer', untagged.length === 0, untagged.join(', '));
  const font = style.layers.map((l) => l.layout?.['text-font']).find(Boolean) ?? ['Go Regular'];
  const glyphUrl = style.glyphs?.replace('{fontstack}', encodeURIComponent(font.join(','))).replace('{range}', '0-255');
  const glyphs = glyphUrl ? await raw(glyphUrl) : { status: 0, headers: {}, body: Buffer.alloc(0) };
  r.check('style glyphs URL serves a glyph PBF', /^https?:\/\//.test(style.glyphs ?? '') && glyphs.status === 200 &&
    !/text\/html/.test(glyphs.headers['content-type'] ?? '') && glyphs.body.length > 0,
    `${glyphUrl} → ${glyphs.status} ${glyphs.headers['content-type']}`);
}

if (isMain(import.meta.url)) main('tiles', [['tiles', tilesSuite]]);

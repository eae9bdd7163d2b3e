// The one place that talks to the Lookout HTTP API. Everything goes through
// request(), so auth and error decoding are done once; MapLibre's own tile,
// TileJSON and glyph requests get the same token through authorize().

const API = '/api/v1';

/**
 * The bearer token. A `?token=` query parameter wins (a map wall started
 * from a bookmark; it is kept in localStorage for the next pages), else the
 * token `lookout demo` puts into the page (meta `lookout-token`), else
 * localStorage `lookout.token`. Every API, tile and WebSocket request carries
 * it; the server answers 401 without one.
 */
export function token() {
  const fromQuery = new URLSearchParams(location.search).get('token');
  if (fromQuery) {
    try {
      localStorage.setItem('lookout.token', fromQuery);
    } catch {
      // storage disabled: the query parameter serves this page only
    }
    return fromQuery;
  }
  const demo = document.querySelector('meta[name="lookout-token"]')?.content;
  if (demo) return demo;
  try {
    return localStorage.getItem('lookout.token');
  } catch {
    return null;
  }
}

/**
 * The ws:// (or wss://) URL of a same-origin path, with the token as a
 * `?token=` query parameter: browsers cannot set headers on a WebSocket.
 */
export function socketURL(path) {
  const url = new URL(path, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const tok = token();
  if (tok) url.searchParams.set('token', tok);
  return url.href;
}

/** An API failure, carrying the server's {"error":{status,field,reason}}. */
export class ApiError extends Error {
  constructor(status, reason, field) {
    super(field ? `${status} ${field}: ${reason}` : `${status} ${reason}`);
    this.status = status;
    this.field = field;
    this.reason = reason;
  }
}

/**
 * MapLibre's transformRequest: adds the bearer token to requests for our own
 * origin (style, TileJSON, tiles, glyphs) and to nothing else, so a token can
 * never leak to another host named in a style.
 */
export function authorize(url) {
  const tok = token();
  if (!tok || new URL(url, location.href).origin !== location.origin) return { url };
  return { url, headers: { Authorization: `Bearer ${tok}` } };
}

/** GETs a same-origin path and returns the decoded JSON, or throws ApiError. */
export function getJSON(path, params = {}, { signal } = {}) {
  return request('GET', path, params, undefined, { signal });
}

/** POSTs body as JSON to a same-origin path; the decoded answer, or throws ApiError. */
export function postJSON(path, body, { signal } = {}) {
  return request('POST', path, {}, body, { signal });
}

async function request(method, path, params, body, { signal } = {}) {
  const url = new URL(path, location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  const headers = { Accept: 'application/json', ...authorize(url.href).headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) askForToken();
  if (!res.ok) {
    // Prefer the server's structured error; fall back to the status line when
    // something in between (a proxy, a 502) answered with non-JSON.
    let body = null;
    try {
      body = await res.json();
    } catch {
      /* not JSON */
    }
    const e = body?.error;
    throw new ApiError(e?.status ?? res.status, e?.reason ?? res.statusText, e?.field);
  }
  return res.json();
}

let asked = false;

/**
 * Asks once per page for an API token when the server refuses the one the
 * page has (or it has none), keeps it in localStorage and reloads: a wall
 * outside demo mode is started with its token once, then remembers it.
 */
function askForToken() {
  if (asked || typeof window.prompt !== 'function') return;
  asked = true;
  const tok = window.prompt('需要 API 访问令牌 (lookout token create) / An API token is needed:');
  if (!tok) return;
  try {
    localStorage.setItem('lookout.token', tok.trim());
  } catch {
    return;
  }
  location.reload();
}

/** The map wall's MapLibre style (style v8 with Lookout metadata). */
export function fetchStyle(name = 'wall') {
  return getJSON(`/styles/${encodeURIComponent(name)}.json`);
}

/** The tile catalogue: [{name, title, domain, geometry, fields, ...}] a caller may see. */
export async function fetchCatalog() {
  const body = await getJSON('/catalog');
  return Array.isArray(body?.layers) ? body.layers : [];
}

/** The REST layer list, for feature counts: [{name, count, ...}]. */
export async function fetchLayers() {
  const body = await getJSON(`${API}/layers`);
  return Array.isArray(body?.layers) ? body.layers : [];
}

/** One feature with all its properties (tiles carry only the styled ones). */
export function fetchFeature(layer, id, opts) {
  return getJSON(`${API}/layers/${encodeURIComponent(layer)}/features/${encodeURIComponent(id)}`, {}, opts);
}

/** Statuses of an incident that still needs someone (not resolved or dismissed). */
export const OPEN_STATUSES = ['new', 'acknowledged', 'verified', 'dispatched', 'on_scene'];

/** The open incidents, most recently alerted first: a GeoJSON FeatureCollection's features. */
export async function fetchIncidents({ status = OPEN_STATUSES, limit = 1000, signal } = {}) {
  const body = await getJSON(`${API}/incidents`, { status: status.join(','), limit }, { signal });
  return Array.isArray(body?.features) ? body.features : [];
}

/** One incident with its evidence (alerts) and timeline (journal). */
export function fetchIncident(id, opts) {
  return getJSON(`${API}/incidents/${encodeURIComponent(id)}`, {}, opts);
}

/**
 * Acts on an incident (ack, verify, dismiss, dispatch, arrive, resolve) as
 * `by`, with an optional note; resolves the incident as it is now, or throws
 * ApiError (409 when its status does not allow the action).
 */
export function actIncident(id, action, { by, note } = {}) {
  const body = { by };
  if (note) body.note = note;
  return postJSON(`${API}/incidents/${encodeURIComponent(id)}/${encodeURIComponent(action)}`, body);
}

/**
 * The responders who can reach an incident first (GET …/recommend): {incident,
 * point, capability, k, radius_m, max_age_s, candidates: [{rank, id, name, kind,
 * unit, availability, point, distance_m, eta_s, mode, speed_kmh, fix_age_s,
 * stale, reason, reason_zh}], excluded, considered, shortfall}.
 */
export function fetchRecommend(id, { k = 5, radius_m, max_age_s, stale = false, capability, signal } = {}) {
  return getJSON(`${API}/incidents/${encodeURIComponent(id)}/recommend`,
    { k, radius_m, max_age_s, stale: stale ? 'include' : undefined, capability }, { signal });
}

/**
 * Sends responders to an incident as `by`: resolves the incident Feature with
 * its new `assignments`, or throws ApiError (409 busy / not available /
 * closed, 400 unknown responder, 404 unknown incident).
 */
export function dispatchIncident(id, responderIds, { by, note } = {}) {
  const body = { by, responder_ids: responderIds };
  if (note) body.note = note;
  return postJSON(`${API}/incidents/${encodeURIComponent(id)}/dispatch`, body);
}

/** A task action on an assignment (accept, arrive, release): resolves the assignment Feature. */
export function actAssignment(id, action, { by, note } = {}) {
  const body = { by };
  if (note) body.note = note;
  return postJSON(`${API}/assignments/${encodeURIComponent(id)}/${encodeURIComponent(action)}`, body);
}

/** Response-time statistics (GET /api/v1/stats/response): {from, to, target_s, overall, districts, sources}. */
export function fetchResponseStats(params = {}, opts) {
  return getJSON(`${API}/stats/response`, params, opts);
}

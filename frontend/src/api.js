// The one place that talks to the Lookout HTTP API. Everything goes through
// request(), so auth and error decoding are done once.

const API = '/api/v1';

/**
 * The bearer token, if any. A `?token=` query parameter wins (handy for a map
 * wall started from a bookmark), else localStorage `lookout.token`. Demo mode
 * needs none; later the server will require one outside demo mode.
 */
function token() {
  const fromQuery = new URLSearchParams(location.search).get('token');
  if (fromQuery) return fromQuery;
  try {
    return localStorage.getItem('lookout.token');
  } catch {
    return null; // storage can be disabled; then we simply send no token
  }
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

/** GETs a path under /api/v1 and returns the decoded JSON, or throws ApiError. */
export async function request(path, params = {}) {
  const url = new URL(API + path, location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  const headers = { Accept: 'application/json' };
  const tok = token();
  if (tok) headers.Authorization = `Bearer ${tok}`;

  const res = await fetch(url, { headers });
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

/** The layer catalogue: [{name, title:{zh,en}, geometry, domain, count, bounds, ...}]. */
export async function fetchLayers() {
  const body = await request('/layers');
  return Array.isArray(body?.layers) ? body.layers : [];
}

/**
 * Loads every feature of a layer inside bbox, following next_cursor page by
 * page, up to `cap` features. onPage(features) is called after each page so
 * the map can fill in progressively. Returns {features, capped}.
 */
export async function fetchAllFeatures(layer, { bbox, cap = 20000, pageSize = 1000, onPage } = {}) {
  const features = [];
  let cursor;
  for (;;) {
    const limit = Math.min(pageSize, cap - features.length);
    const page = await request(`/layers/${encodeURIComponent(layer)}/features`, {
      bbox: bbox?.join(','),
      limit,
      cursor,
    });
    const got = page.features ?? [];
    features.push(...got);
    cursor = page.next_cursor;
    if (features.length > cap) features.length = cap; // a server may ignore limit
    onPage?.(features);
    // Stop at the cap; also when a page is empty yet claims more, so a server
    // bug cannot make the wall spin on requests forever.
    if (!cursor || got.length === 0) return { features, capped: false };
    if (features.length >= cap) return { features, capped: true };
  }
}

// Click on the map: a cluster zooms in towards itself; anything else opens a
// popup with ALL the feature's properties, fetched from the REST API (tiles
// carry only what styling needs), labelled with the catalogue's field titles
// in the current language.

import maplibregl from 'maplibre-gl';
import { fetchFeature } from './api.js';
import { t, pick, num, dateTime } from './i18n.js';
import { lookoutLayerOf } from './map.js';

// A few pixels of slack: points and thin lines are hard to hit exactly.
const around = ({ x, y }, r = 5) => [[x - r, y - r], [x + r, y + r]];

/**
 * Installs the click and hover handlers. `catalog` maps a Lookout layer name
 * to its catalogue entry (title, fields); it is read at click time.
 * onPick(layer, id, props, lngLat), if given, is asked first about a click on
 * a feature and returns true when it handles it itself (an incident opens
 * its drawer rather than a popup). Returns the popup, so the language switch
 * can re-render it, and open(layer, id, lngLat, props) for the live feed.
 */
export function installPopup(map, catalog, { onPick } = {}) {
  const popup = new maplibregl.Popup({ maxWidth: '380px', closeButton: true, className: 'lk' });
  let shown = null; // {meta, id, feature|null, error|null} of the open popup
  let pending = null; // AbortController of the request in flight

  // Only style layers that draw a Lookout layer answer clicks (not background).
  // Computed once: getStyle() serialises the whole style, too slow per mousemove.
  const ids = map.getStyle().layers.filter((l) => lookoutLayerOf(l)).map((l) => l.id);
  const hitAt = (point) => map.queryRenderedFeatures(around(point), { layers: ids })[0];

  const render = () => {
    if (shown) popup.setDOMContent(content(shown));
  };

  map.on('click', async (e) => {
    const hit = hitAt(e.point);
    if (!hit) return;
    const props = hit.properties ?? {};
    if (props.cluster) {
      // A cluster has no id and nothing to show: what the operator wants is
      // what is inside it, so go there.
      const [lon, lat] = hit.geometry.type === 'Point' ? hit.geometry.coordinates : [e.lngLat.lng, e.lngLat.lat];
      popup.remove();
      map.easeTo({ center: [lon, lat], zoom: Math.min(map.getZoom() + 2, map.getMaxZoom()) });
      return;
    }
    const name = lookoutLayerOf(hit.layer);
    if (onPick?.(name, props.id, props, e.lngLat)) {
      popup.remove();
      return;
    }
    show(name, props.id, e.lngLat, props);
  });

  // Opens the popup of one feature at lngLat; props (what is already known,
  // from a tile or the live feed) show until the full feature arrives.
  async function show(name, id, lngLat, props = {}) {
    const meta = catalog.get(name) ?? { name, fields: [] };
    pending?.abort();
    const { layer, ...rest } = props; // live features carry their layer name; not a property
    shown = { meta, id, feature: null, error: null, fallback: layer === name ? rest : props };
    popup.setLngLat(lngLat).addTo(map);
    render();
    if (id === undefined || id === null || id === '') return; // nothing to fetch: tile properties only
    const ctl = new AbortController();
    pending = ctl;
    const mine = shown;
    try {
      mine.feature = await fetchFeature(name, id, { signal: ctl.signal });
    } catch (err) {
      if (err.name === 'AbortError') return; // a newer click took over
      mine.error = err;
    }
    if (shown === mine) render();
  }

  map.on('mousemove', (e) => {
    map.getCanvas().style.cursor = hitAt(e.point) ? 'pointer' : '';
  });
  popup.on('close', () => {
    pending?.abort();
    shown = null;
  });
  return { popup, rerender: render, open: show };
}

/** A value as the operator reads it: localised numbers, yes/no, ISO times as local time. */
function format(v, field) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (typeof v === 'number') return num(v);
  if (typeof v === 'object') return JSON.stringify(v);
  if (field?.type === 'time') {
    const s = dateTime(v); // Asia/Shanghai
    if (s !== '—') return s;
  }
  return String(v);
}

// Built with DOM nodes and textContent, never innerHTML: property values come
// from sensors and integrators and must not be able to inject markup.
function content({ meta, id, feature, error, fallback }) {
  const root = document.createElement('div');
  root.className = 'lk-popup';
  root.dataset.layer = meta.name;
  const h = document.createElement('h3');
  h.textContent = pick(meta.title, meta.name);
  root.append(h);

  const note = (text, cls) => {
    const p = document.createElement('p');
    p.textContent = text;
    if (cls) p.className = cls;
    root.append(p);
  };
  // Until the full feature arrives, show what the tile already knows.
  const props = { ...(feature?.properties ?? fallback ?? {}) };
  delete props.id;
  if (error) note(t('popupFailed', { msg: error.message }), 'error');
  else if (!feature && id) note(t('popupLoading'), 'muted');

  const rows = [];
  if (id !== undefined && id !== null) rows.push([t('featureId'), String(feature?.id ?? id)]);
  // Schema order, schema titles in the UI language, with units; anything
  // not in the schema keeps its raw name at the end.
  for (const f of meta.fields ?? []) {
    if (!(f.name in props)) continue;
    const unit = f.unit ? ` (${f.unit})` : '';
    rows.push([pick(f.title, f.name) + unit, format(props[f.name], f)]);
    delete props[f.name];
  }
  for (const [k, v] of Object.entries(props)) rows.push([k, format(v)]);
  if (rows.length === 0) {
    note(t('noProperties'));
    return root;
  }
  const table = document.createElement('table');
  for (const [k, v] of rows) {
    const tr = table.insertRow();
    const th = document.createElement('th');
    th.textContent = k;
    tr.append(th);
    tr.insertCell().textContent = v;
  }
  root.append(table);
  return root;
}

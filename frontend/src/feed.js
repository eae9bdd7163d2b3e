// The live feed panel: incidents and things that turned into an attention
// state (alarm, fault, violation, entrapment, missed check-in, new), newest
// first, at most MAX entries. A click flies to the feature and opens its
// popup. While the panel is folded a silent badge counts what came in; it
// clears when the panel is opened. Every new entry also flashes a pulsing
// ring on the map where it happened.

import { t, pick, timeOfDay } from './i18n.js';

const MAX = 200;
const OPEN_KEY = 'lookout.feed';

/** The label of a status value in the UI language ("alarm" → 告警), or the value itself. */
export function stateLabel(v) {
  const key = `state_${v}`;
  const s = t(key);
  return s === key ? String(v ?? '—') : s;
}

function storedOpen() {
  try {
    return localStorage.getItem(OPEN_KEY) === 'open';
  } catch {
    return false;
  }
}

/**
 * Builds the feed in root (the #feed element). catalog: name → catalogue
 * entry (layer titles). onPick(entry) when an entry is clicked.
 */
export function createFeed(root, { catalog, onPick }) {
  const entries = []; // newest first
  let unread = 0;
  let open = storedOpen();
  let seq = 0;

  root.replaceChildren();
  const head = document.createElement('button');
  head.type = 'button';
  head.className = 'feed-head';
  const title = document.createElement('span');
  title.className = 'feed-title';
  const badge = document.createElement('span');
  badge.className = 'badge';
  const chev = document.createElement('span');
  chev.className = 'chev';
  chev.setAttribute('aria-hidden', 'true');
  head.append(title, badge, chev);
  const list = document.createElement('ol');
  list.className = 'feed-list';
  const empty = document.createElement('p');
  empty.className = 'feed-empty';
  root.append(head, empty, list);

  head.addEventListener('click', () => setOpen(!open));

  function setOpen(v) {
    open = v;
    try {
      localStorage.setItem(OPEN_KEY, v ? 'open' : 'closed');
    } catch {
      /* not remembered */
    }
    if (open) unread = 0;
    chrome();
  }

  // The parts that do not depend on the entries: title, badge, fold state.
  function chrome() {
    root.classList.toggle('open', open);
    head.setAttribute('aria-expanded', String(open));
    title.textContent = t('feedTitle');
    head.title = t(open ? 'feedFold' : 'feedUnfold');
    badge.hidden = unread === 0;
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.dataset.count = unread;
    badge.title = t('unread', { n: unread });
    chev.textContent = open ? '▾' : '▸';
    empty.hidden = entries.length > 0;
    empty.textContent = t('feedEmpty');
  }

  function item(e) {
    const li = document.createElement('li');
    li.className = 'entry';
    li.dataset.layer = e.layer;
    li.dataset.id = e.id;
    li.dataset.state = e.state;
    li.classList.toggle('incident', e.incident);
    li.tabIndex = 0;
    const time = document.createElement('time');
    time.dateTime = e.at.toISOString();
    time.textContent = timeOfDay(e.at); // Asia/Shanghai, like every time on the wall
    const state = document.createElement('span');
    state.className = 'state';
    state.textContent = stateLabel(e.state);
    const layer = document.createElement('span');
    layer.className = 'layer-title';
    layer.textContent = pick(catalog.get(e.layer)?.title, e.layer);
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = pick(e.names, e.name); // incidents have a title in each language
    name.title = `${e.layer}/${e.id}`;
    li.append(time, state, layer, name);
    const pickIt = () => onPick?.(e);
    li.addEventListener('click', pickIt);
    li.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        pickIt();
      }
    });
    return li;
  }

  function add(e) {
    e.seq = ++seq;
    entries.unshift(e);
    const li = item(e);
    li.classList.add('fresh');
    setTimeout(() => li.classList.remove('fresh'), 3000);
    list.prepend(li);
    while (entries.length > MAX) {
      entries.pop();
      list.lastElementChild?.remove();
    }
    if (!open) unread++;
    chrome();
  }

  function rerender() {
    list.replaceChildren(...entries.map((e) => item(e)));
    chrome();
  }

  chrome();
  return {
    add,
    rerender,
    setOpen,
    get open() { return open; },
    get unread() { return unread; },
    get entries() { return entries.map(({ at, layer, id, name, state, incident }) => ({ at: at.toISOString(), layer, id, name, state, incident })); },
  };
}

const FLASH_SOURCE = 'live-flash';
const FLASH_MS = 4000;
const PULSE_MS = 1000;

/**
 * A pulsing ring layer on top of the map; flash([lon, lat]) rings there for
 * a few seconds. The animation runs only while something flashes.
 */
export function installFlash(map) {
  map.addSource(FLASH_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: FLASH_SOURCE,
    type: 'circle',
    source: FLASH_SOURCE,
    paint: {
      'circle-radius': 8,
      'circle-color': 'rgba(255, 59, 59, 0)',
      'circle-stroke-color': '#ff3b3b',
      'circle-stroke-width': 2.5,
      'circle-stroke-opacity': 1,
      'circle-pitch-alignment': 'map',
    },
  });
  let rings = []; // {coordinates, until}
  let frame = null;

  const push = () => map.getSource(FLASH_SOURCE)?.setData({ type: 'FeatureCollection',
    features: rings.map((r) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: r.coordinates }, properties: {} })) });

  function tick() {
    frame = null;
    const now = performance.now();
    const before = rings.length;
    rings = rings.filter((r) => r.until > now);
    if (rings.length !== before) push();
    if (!rings.length) return;
    const k = (now % PULSE_MS) / PULSE_MS;
    map.setPaintProperty(FLASH_SOURCE, 'circle-radius', 8 + 26 * k);
    map.setPaintProperty(FLASH_SOURCE, 'circle-stroke-opacity', 1 - k);
    frame = requestAnimationFrame(tick);
  }

  return {
    flash(coordinates) {
      if (!Array.isArray(coordinates) || !coordinates.every(Number.isFinite)) return;
      rings.push({ coordinates, until: performance.now() + FLASH_MS });
      push();
      if (!frame) frame = requestAnimationFrame(tick);
    },
    get active() { return rings.length; },
  };
}

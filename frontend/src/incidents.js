// The incident queue (top of the right column): every open incident (new,
// acknowledged, verified, dispatched, on scene), most severe first, then the
// most recently alerted. Each row: severity, title in the UI language,
// status chip, domain, district, alert count and age (ticking). Chips filter
// by domain and by status (none ticked: all), remembered on this machine.
//
// It starts from GET /api/v1/incidents and then follows the city socket
// (live.js onWatch): a snapshot replaces what it holds, deltas update it.
// A feature never replaces a newer version of itself, so a late REST answer
// or action reply cannot undo a delta. A click on a row opens the drawer.

import { fetchIncidents, OPEN_STATUSES } from './api.js';
import { t, duration, dateTime } from './i18n.js';
import { DOMAINS, el, statusChip, severityBadge, titleOf, domainLabel, statusLabel, districtName } from './incidentview.js';

const FILTER_KEY = 'lookout.queue';

function loadFilter() {
  try {
    const f = JSON.parse(localStorage.getItem(FILTER_KEY) ?? '{}');
    return { domain: new Set(f.domain ?? []), status: new Set(f.status ?? []) };
  } catch {
    return { domain: new Set(), status: new Set() };
  }
}

const time = (v) => {
  const ms = Date.parse(v ?? '');
  return Number.isNaN(ms) ? 0 : ms;
};

/** Most severe first, then the most recent alert, then by id (stable). */
export function queueOrder(a, b) {
  const pa = a.properties ?? {};
  const pb = b.properties ?? {};
  return (pb.severity ?? 0) - (pa.severity ?? 0) || time(pb.last_alert) - time(pa.last_alert) ||
    String(a.id).localeCompare(String(b.id));
}

/** Builds the queue in root (#queue). onOpen(id) when a row is chosen. */
export function createQueue(root, { onOpen }) {
  const byId = new Map(); // id → GeoJSON Feature (with version)
  const filter = loadFilter();
  let selected = null;
  let error = null;
  let loaded = false; // something (REST or a snapshot) answered
  let live = false; // a socket snapshot was applied: a REST answer is older news
  let scheduled = false;
  let shown = [];

  root.replaceChildren();
  const head = el('header', 'queue-head');
  const title = el('h2');
  const count = el('span', 'queue-count');
  head.append(title, count);
  const domains = el('div', 'chips');
  domains.dataset.filter = 'domain';
  const statuses = el('div', 'chips');
  statuses.dataset.filter = 'status';
  const list = el('ol', 'queue-list');
  const empty = el('p', 'queue-empty');
  root.append(head, domains, statuses, empty, list);

  // Built once; render() updates their labels, counts and pressed state in
  // place, so a chip keeps the focus while deltas come in.
  const chips = [];
  const filterChips = (box, kind, values) => box.replaceChildren(...values.map((v) => {
    const b = el('button', 'chip filter');
    b.type = 'button';
    b.dataset[kind] = v;
    b.addEventListener('click', () => toggle(kind, v));
    chips.push({ b, kind, v });
    return b;
  }));
  filterChips(domains, 'domain', DOMAINS);
  filterChips(statuses, 'status', OPEN_STATUSES);

  function toggle(kind, v) {
    const s = filter[kind];
    if (s.has(v)) s.delete(v);
    else s.add(v);
    try {
      localStorage.setItem(FILTER_KEY, JSON.stringify({ domain: [...filter.domain], status: [...filter.status] }));
    } catch {
      /* not remembered */
    }
    render();
  }

  /** Keeps f unless a newer version of it is already here. */
  function put(f) {
    if (!f || f.id === undefined) return;
    const id = String(f.id);
    const old = byId.get(id);
    if (old && Number(old.version) > Number(f.version)) return;
    byId.set(id, f);
  }

  const isOpen = (f) => OPEN_STATUSES.includes(f.properties?.status);
  const passes = (f) => (!filter.domain.size || filter.domain.has(f.properties?.domain)) &&
    (!filter.status.size || filter.status.has(f.properties?.status));

  function row(f) {
    const p = f.properties ?? {};
    const li = el('li', 'inc');
    li.dataset.id = f.id;
    li.dataset.status = p.status ?? '';
    li.dataset.domain = p.domain ?? '';
    li.tabIndex = 0;
    li.title = t('queueOpen');
    li.classList.toggle('selected', String(f.id) === selected);
    const name = el('span', 'title', titleOf(p) || String(f.id));
    const meta = el('span', 'meta', [domainLabel(p.domain), districtName(p.district, schedule),
      t('alertsCount', { n: p.alerts ?? 0 })].join(' · '));
    const age = el('time', 'age');
    age.dataset.opened = p.opened ?? '';
    age.dateTime = p.opened ?? '';
    age.title = t('openedAt', { t: dateTime(p.opened) });
    li.append(severityBadge(p.severity), name, statusChip(p.status), meta, age);
    li.addEventListener('click', () => onOpen?.(String(f.id)));
    li.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onOpen?.(String(f.id));
      }
    });
    return li;
  }

  function tick() {
    const now = Date.now();
    for (const a of list.querySelectorAll('time.age')) {
      const at = time(a.dataset.opened);
      a.textContent = at ? duration(now - at) : '—';
    }
  }

  function render() {
    scheduled = false;
    title.textContent = t('queueTitle');
    const open = [...byId.values()].filter(isOpen);
    shown = open.filter(passes).sort(queueOrder);
    count.textContent = shown.length === open.length ? t('queueCount', { n: open.length })
      : t('queueCountOf', { n: shown.length, total: open.length });
    for (const { b, kind, v } of chips) {
      const n = open.filter((f) => f.properties?.[kind] === v).length;
      b.textContent = `${kind === 'domain' ? domainLabel(v) : statusLabel(v)} ${n}`;
      b.dataset.count = n;
      b.setAttribute('aria-pressed', String(filter[kind].has(v)));
    }
    list.replaceChildren(...shown.map(row));
    empty.hidden = shown.length > 0;
    empty.classList.toggle('error', Boolean(error) && !loaded);
    if (error && !loaded) empty.textContent = t('queueFailed', { msg: error.message });
    else if (!loaded) empty.textContent = t('queueLoading');
    else empty.textContent = t(open.length ? 'queueFiltered' : 'queueEmpty');
    tick();
  }

  /** Renders once after a burst of changes (a deltas frame holds many). */
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(render);
  }

  /** live.js onWatch: {op: 'snapshot', features} | {op: 'put', feature} | {op: 'delete', id}. */
  function watch(ev) {
    if (ev.layer !== 'incidents') return;
    if (ev.op === 'snapshot') {
      byId.clear();
      ev.features.forEach(put);
      live = loaded = true;
    } else if (ev.op === 'put') put(ev.feature);
    else if (ev.op === 'delete') byId.delete(String(ev.id));
    schedule();
  }

  async function load() {
    try {
      const features = await fetchIncidents();
      if (!live) features.forEach(put);
      loaded = true;
    } catch (err) {
      error = err;
      console.warn('lookout: incidents:', err);
    }
    schedule();
  }

  render();
  load();
  setInterval(tick, 1000);
  return {
    watch,
    /** An incident as the queue knows it (an action's reply goes here too). */
    put: (f) => {
      put(f);
      schedule();
    },
    feature: (id) => byId.get(String(id)) ?? null,
    select(id) {
      selected = id === null ? null : String(id);
      for (const li of list.children) li.classList.toggle('selected', li.dataset.id === selected);
    },
    rerender: render,
    get ids() { return shown.map((f) => String(f.id)); },
    get loaded() { return loaded; },
  };
}

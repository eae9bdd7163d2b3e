// Choosing what to replay: the directory of tracked objects (every
// supervised person, vehicle and responder, read page by page from the REST
// API: it has no property filter) and the picker over it — a case's
// co-defendants (custody_persons share "case"), a bureau's vehicles
// (vehicles' "unit", 使用单位), a unit's responders, or objects by id, name
// or plate.

import { getJSON } from './api.js';
import { t, pick, num } from './i18n.js';
import { el } from './incidentview.js';

/** The picker's tabs: a group of one layer by one property, or a search over all. */
export const TABS = [
  { key: 'case', layer: 'custody_persons', by: 'case' },
  { key: 'unit', layer: 'vehicles', by: 'unit' },
  { key: 'responders', layer: 'responders', by: 'unit' },
  { key: 'search' },
];
/** The layers read into the directory (those with tracks). */
export const TRACKED = ['custody_persons', 'vehicles', 'responders'];
const PAGE = 10_000;
const ROWS = 80;

/**
 * Reads every feature of the tracked layers the caller may see (layers:
 * the REST layer list). Resolves {entries: Map key → entry, errors:
 * [{layer, message}]}; a layer that fails is left out, the others stay.
 * An entry is {key: "layer/id", layer, id, name, group: {by: value}, sub}.
 */
export async function loadDirectory(layers) {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const entries = new Map();
  const errors = [];
  await Promise.all(TRACKED.filter((n) => byName.has(n)).map(async (name) => {
    const label = byName.get(name).label || 'name';
    const props = new Set(TABS.filter((x) => x.layer === name).map((x) => x.by));
    const got = [];
    try {
      let cursor;
      do {
        const body = await getJSON(`/api/v1/layers/${name}/features`, { limit: PAGE, cursor });
        got.push(...(body?.features ?? []));
        cursor = body?.next_cursor;
      } while (cursor);
    } catch (err) {
      errors.push({ layer: name, message: err.message });
      return;
    }
    for (const f of got) {
      const p = f.properties ?? {};
      const key = `${name}/${f.id}`;
      const group = {};
      for (const by of props) if (p[by] != null && p[by] !== '') group[by] = String(p[by]);
      entries.set(key, { key, layer: name, id: String(f.id), name: String(p[label] ?? p.name ?? f.id), group, sub: p.unit ?? p.case ?? '' });
    }
  }));
  return { entries, errors };
}

/** The groups of one tab: [{value, keys}], by value. */
export function groupsOf(entries, { layer, by }) {
  const m = new Map();
  for (const e of entries.values()) {
    if (e.layer !== layer || !e.group[by]) continue;
    const v = e.group[by];
    if (!m.has(v)) m.set(v, []);
    m.get(v).push(e.key);
  }
  return [...m].map(([value, keys]) => ({ value, keys: keys.sort() })).sort((a, b) => a.value.localeCompare(b.value, 'zh'));
}

/** Entries whose id, name or group contains q (case-insensitive), names first. */
export function search(entries, q, limit = ROWS) {
  const s = q.trim().toLowerCase();
  if (!s) return [];
  const hits = [];
  for (const e of entries.values()) {
    const inName = e.name.toLowerCase().includes(s) || e.id.toLowerCase().includes(s);
    if (inName || String(e.sub).toLowerCase().includes(s)) hits.push([inName ? 0 : 1, e]);
  }
  hits.sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name, 'zh'));
  return hits.slice(0, limit).map((h) => h[1]);
}

/**
 * The picker: tabs, a filter field and the matching rows; a click on a row
 * calls onAdd(keys). render(dir) after the directory arrives or the
 * selection or language changes; isSelected(key) marks rows already in.
 */
export function createPicker({ onAdd, isSelected, titleOf }) {
  const root = el('section', 'replay-pick');
  root.id = 'replay-pick';
  const h2 = el('h2');
  const tabs = el('div', 'tabs');
  const input = el('input', 'filter');
  input.type = 'search';
  input.id = 'replay-filter';
  const list = el('ul', 'rows');
  list.id = 'replay-rows';
  const note = el('p', 'muted');
  root.append(h2, tabs, input, list, note);
  let tab = TABS[0].key;
  let dir = null;
  const groups = new Map(); // tab key → [{value, keys}] (computed once per directory)

  for (const x of TABS) {
    const b = el('button', null);
    b.type = 'button';
    b.dataset.tab = x.key;
    b.addEventListener('click', () => {
      tab = x.key;
      input.value = '';
      render();
      input.focus();
    });
    tabs.append(b);
  }
  input.addEventListener('input', () => renderRows());

  const row = (label, sub, keys, title) => {
    const li = el('li');
    li.dataset.keys = keys.join(',');
    const all = keys.every(isSelected);
    li.classList.toggle('in', all);
    li.append(el('span', 'label', label), el('span', 'sub', sub), el('span', 'add', all ? '✓' : '+'));
    li.title = title ?? t('replay_addTitle');
    li.addEventListener('click', () => onAdd(keys));
    return li;
  };

  function renderRows() {
    list.replaceChildren();
    note.textContent = '';
    if (!dir) {
      note.textContent = t('replay_dirLoading');
      return;
    }
    const q = input.value.trim().toLowerCase();
    const spec = TABS.find((x) => x.key === tab);
    let shown = 0;
    let total = 0;
    if (tab === 'search') {
      const hits = search(dir.entries, q, ROWS + 1);
      total = hits.length;
      for (const e of hits.slice(0, ROWS)) {
        list.append(row(e.name, `${titleOf(e.layer)}${e.sub ? ` · ${e.sub}` : ''}`, [e.key], `${e.key}`));
        shown++;
      }
      if (!q) note.textContent = t('replay_searchHint');
    } else {
      if (!groups.has(tab)) groups.set(tab, groupsOf(dir.entries, spec));
      const all = groups.get(tab).filter((g) => !q || g.value.toLowerCase().includes(q));
      total = all.length;
      for (const g of all.slice(0, ROWS)) {
        list.append(row(g.value, t(`replay_members_${tab}`, { n: num(g.keys.length) }), g.keys));
        shown++;
      }
    }
    if (total > shown) note.textContent = t('replay_more', { n: num(total - shown) });
    else if (!shown && (q || tab !== 'search')) note.textContent = t('replay_none');
    for (const e of dir.errors) list.before(el('p', 'error', t('replay_dirFailed', { layer: titleOf(e.layer), msg: e.message })));
  }

  function render(d = dir) {
    if (d !== dir) groups.clear();
    dir = d;
    for (const p of root.querySelectorAll('p.error')) p.remove();
    h2.textContent = t('replay_objects');
    for (const b of tabs.children) {
      b.textContent = t(`replay_tab_${b.dataset.tab}`);
      b.classList.toggle('on', b.dataset.tab === tab);
    }
    input.placeholder = t(`replay_filter_${tab}`);
    renderRows();
  }
  render();
  return { root, render, get tab() { return tab; } };
}

/** A layer's title in the UI language from the REST layer list, else its name. */
export const layerTitle = (layers) => (name) => pick(layers.find((l) => l.name === name)?.title, name);

// The side panel: the layer list grouped by domain, with a colour swatch,
// the title in the current language, the feature count and a visibility
// checkbox per layer. Rows are built once and then updated in place while
// pages arrive, so a checkbox never flickers or loses focus mid-load.

import { t, pick, num } from './i18n.js';
import { geometryKind } from './style.js';

// Domain order in the list: the four business lines, command, then the base
// map at the bottom (as in GIS layer panels). Unknown domains come last.
const DOMAIN_ORDER = ['forest', 'fleet', 'market', 'custody', 'command', 'base'];

/**
 * Renders the whole list into `list` (again after a language change).
 * onToggle(name, visible) is called when a checkbox changes.
 */
export function renderList(list, state, onToggle) {
  list.replaceChildren();
  const groups = new Map();
  for (const name of state.order) {
    const d = state.layers[name].meta.domain || 'other';
    if (!groups.has(d)) groups.set(d, []);
    groups.get(d).push(name);
  }
  const rank = (d) => (DOMAIN_ORDER.includes(d) ? DOMAIN_ORDER.indexOf(d) : DOMAIN_ORDER.length);
  const domains = [...groups.keys()].sort((a, b) => rank(a) - rank(b));

  for (const d of domains) {
    const section = document.createElement('section');
    section.className = 'domain';
    const h = document.createElement('h3');
    const label = t(`domain.${d}`);
    h.textContent = label === `domain.${d}` ? d : label; // unknown domain: show its name
    section.append(h);
    for (const name of groups.get(d)) section.append(row(state.layers[name], onToggle));
    list.append(section);
  }
  for (const name of state.order) updateRow(list, state.layers[name]);
}

function row(entry, onToggle) {
  const { meta } = entry;
  const el = document.createElement('label');
  el.className = 'layer';
  el.dataset.layer = meta.name;
  el.title = meta.name; // the API name, for operators who talk to integrators

  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = entry.visible;
  box.addEventListener('change', () => onToggle(meta.name, box.checked));

  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.dataset.kind = geometryKind(meta.geometry) || 'mixed';
  swatch.style.setProperty('--c', entry.colour);

  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = pick(meta.title, meta.name);

  const count = document.createElement('span');
  count.className = 'count';

  const note = document.createElement('span');
  note.className = 'note';

  el.append(box, swatch, title, count, note);
  return el;
}

/** Refreshes one row's count and status note from the layer's state. */
export function updateRow(list, entry) {
  const el = list.querySelector(`[data-layer="${CSS.escape(entry.meta.name)}"]`);
  if (!el) return;
  const total = Number.isFinite(entry.meta.count) ? entry.meta.count : entry.features.length;
  const loaded = entry.features.length;
  // data-* attributes let the smoke test read the state without parsing text.
  el.dataset.count = total;
  el.dataset.loaded = loaded;
  el.dataset.status = entry.status;
  el.classList.toggle('is-empty', total === 0);

  const count = el.querySelector('.count');
  count.textContent = entry.status === 'loading' ? `${num(loaded)} / ${num(total)}` : num(total);

  const note = el.querySelector('.note');
  note.className = 'note';
  if (entry.status === 'error') {
    note.classList.add('error');
    note.textContent = `${t('loadFailed')}: ${entry.error?.message ?? ''}`;
  } else if (entry.capped) {
    note.classList.add('warn');
    note.textContent = t('capped', { shown: num(loaded), total: num(total) });
  } else {
    note.textContent = '';
  }
}

/** The footer line: progress while loading, a summary after, or an error. */
export function renderStatus(el, state) {
  el.className = 'status';
  if (state.fatal) {
    el.classList.add('error');
    el.textContent = t('startFailed', { msg: state.fatal.message });
    return;
  }
  if (state.error) {
    el.classList.add('error');
    el.textContent = t('catalogueFailed', { msg: state.error.message });
    return;
  }
  const entries = Object.values(state.layers);
  const pending = entries.filter((e) => e.status === 'loading' || e.status === 'queued').length;
  el.textContent = pending > 0
    ? `${t('loading')} ${entries.length - pending}/${entries.length}`
    : t('loaded', { n: entries.length });
}

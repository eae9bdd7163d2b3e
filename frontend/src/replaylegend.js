// The replay's legend: every object chosen, in its colour, with the
// distance travelled (so far / in the window), its stops (each with its
// times and duration; a click goes there) and a button to take it out.

import { t, timeOfDay } from './i18n.js';
import { el } from './incidentview.js';
import { distance, span } from './dispatchview.js';
import { positionAt, stopsAt } from './replaytracks.js';

/**
 * Renders the legend into `list` for the time t. objects: [{key, color,
 * name, layer}] in the order chosen; tracks: key → prepared track (absent
 * while loading). Handlers: onFocus(key), onStop(stop), onRemove(key).
 */
export function renderLegend(list, objects, tracks, tm, { titleOf, onFocus, onStop, onRemove }) {
  list.replaceChildren();
  for (const o of objects) {
    const tr = tracks.get(o.key);
    const li = el('li');
    li.dataset.key = o.key;
    li.style.setProperty('--c', o.color);
    const sw = el('span', 'swatch');
    sw.dataset.shape = 'circle';
    sw.style.setProperty('--c', o.color);
    const name = el('span', 'name', o.name ?? tr?.name ?? o.id);
    name.title = `${titleOf(o.layer)} · ${o.key}`;
    const x = el('button', 'remove', '×');
    x.type = 'button';
    x.title = t('replay_remove');
    x.addEventListener('click', (e) => {
      e.stopPropagation();
      onRemove(o.key);
    });
    const head = el('div', 'head');
    head.append(sw, name, el('span', 'layer', titleOf(o.layer)), x);
    head.addEventListener('click', () => onFocus(o.key));
    li.append(head);
    const facts = el('div', 'facts');
    if (!tr) facts.append(el('span', 'muted', '…'));
    else if (!tr.points.length) {
      facts.append(el('span', 'muted', t('replay_noPoints')));
      li.classList.add('empty');
    } else {
      const pos = positionAt(tr, tm);
      const d = el('span', 'distance', t('replay_distance', { d: distance(pos?.distance ?? 0) }));
      d.dataset.m = String(Math.round(tr.distance));
      d.append(el('span', 'of', t('replay_distanceOf', { total: distance(tr.distance) })));
      const total = tr.stops.reduce((sum, s) => sum + (s.to - s.from), 0);
      const st = el('span', 'stops', tr.stops.length ? t('replay_stops', { n: tr.stops.length, d: span(total / 1000) }) : t('replay_noStops'));
      st.dataset.n = String(tr.stops.length);
      facts.append(d, st);
      if (pos?.state === 'before') facts.append(el('span', 'muted', t('replay_notYet')));
      if (tr.truncated) facts.append(el('span', 'error', t('replay_truncated')));
    }
    li.append(facts);
    if (tr?.stops.length) {
      const ul = el('ul', 'stop-list');
      const reached = new Set(stopsAt(tr, tm).map((s) => s.from));
      for (const s of tr.stops) {
        const r = el('li', null, t('replay_stopRow', { from: timeOfDay(s.from).slice(0, 5), to: timeOfDay(s.to).slice(0, 5), d: span((s.to - s.from) / 1000) }));
        r.classList.toggle('reached', reached.has(s.from));
        r.dataset.from = String(s.from);
        r.dataset.to = String(s.to);
        r.addEventListener('click', () => onStop(s));
        ul.append(r);
      }
      li.append(ul);
    }
    list.append(li);
  }
}

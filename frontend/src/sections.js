// The incident drawer's sections. Properties: under the catalogue's field
// titles, in schema order, times in Asia/Shanghai. Evidence: the alerts merged
// into the incident, oldest first, each with its rule, its source (layer and
// subject), when it was raised, why the correlator merged it here, and the
// kind of location estimate it carries. Timeline: every journal step of the
// incident — what happened, who did it, when, the status it led to, a note.

import { t, pick, num, dateTime, timeOfDay } from './i18n.js';
import {
  el, statusChip, severityBadge, titleOf, eventLabel, actorLabel, reasonText, districtName, statusLabel, domainLabel, severityLabel,
} from './incidentview.js';

/** dt/dd pairs, skipping empty values. */
function facts(pairs) {
  const dl = el('dl', 'facts');
  for (const [k, v, cls] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    const dd = el('dd', cls, v);
    dl.append(el('dt', null, k), dd);
  }
  return dl;
}

/** The incident's properties, in schema order under the catalogue's titles. */
export function propsTable(f, meta, catalog, onReady) {
  const props = { ...f.properties };
  delete props.title;
  delete props.title_en;
  const rows = [[t('featureId'), String(f.id)]];
  const value = (name, v, field) => {
    if (v === null || v === undefined || v === '') return '—';
    if (name === 'status') return statusLabel(v);
    if (name === 'domain') return domainLabel(v);
    if (name === 'severity') return `${v} · ${severityLabel(v)}`;
    if (name === 'district') return districtName(v, onReady);
    if (name === 'source') return pick(catalog.get(v)?.title, String(v)); // a layer
    if (field?.type === 'time') return dateTime(v);
    if (typeof v === 'number') return num(v);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  for (const field of meta.fields ?? []) {
    if (!(field.name in props)) continue;
    rows.push([pick(field.title, field.name) + (field.unit ? ` (${field.unit})` : ''), value(field.name, props[field.name], field)]);
    delete props[field.name];
  }
  for (const [k, v] of Object.entries(props)) rows.push([k, value(k, v)]);
  const sec = el('section', 'inc-props');
  const table = el('table');
  for (const [k, v] of rows) {
    const tr = table.insertRow();
    tr.append(el('th', null, k));
    tr.insertCell().textContent = v;
  }
  sec.append(el('h3', null, t('properties')), table);
  return sec;
}

/** The evidence alerts. onReady: re-render when a district name arrives. */
export function evidenceList(evidence, catalog, onReady) {
  const sec = el('section', 'inc-evidence');
  const ol = el('ol', 'evidence');
  sec.append(el('h3', null, t('evidence', { n: evidence.length })), ol);
  for (const e of evidence) {
    const p = e.properties ?? {};
    const li = el('li', 'alert');
    li.dataset.id = e.id;
    li.dataset.rule = p.rule ?? '';
    const head = el('div', 'alert-head');
    const when = el('time', null, timeOfDay(p.at));
    when.dateTime = p.at ?? '';
    head.append(severityBadge(p.severity), el('span', 'title', titleOf(p) || String(e.id)), when);
    const layer = pick(catalog.get(p.subject_layer)?.title, p.subject_layer ?? '');
    let where = null;
    if (p.area || p.estimate) where = t(p.estimate === 'sector' ? 'estimate_sector' : 'estimate_located');
    if (Number(p.radius_m) > 0) where = [where, t('radius', { m: num(Math.round(p.radius_m)) })].filter(Boolean).join(' · ');
    li.append(head, facts([
      [t('evRule'), p.rule],
      [t('evSource'), [layer, p.subject].filter(Boolean).join(' · ')],
      [t('evTime'), dateTime(p.at)],
      [t('evDistrict'), p.district ? districtName(p.district, onReady) : null],
      [t('whyMerged'), p.reason ? reasonText(p.reason) : null, 'reason'],
      [t('evDetail'), p.detail],
      [t('evEstimate'), where, 'estimate'],
    ]));
    ol.append(li);
  }
  if (!evidence.length) ol.append(el('li', 'none', t('noEvidence')));
  return sec;
}

/** The journal steps, oldest first. */
export function timelineList(steps) {
  const sec = el('section', 'inc-timeline');
  const ol = el('ol', 'timeline');
  sec.append(el('h3', null, t('timeline')), ol);
  for (const s of steps) {
    const li = el('li', 'step');
    li.dataset.event = s.event ?? '';
    li.dataset.seq = s.seq ?? '';
    const when = el('time', null, dateTime(s.at));
    when.dateTime = s.at ?? '';
    li.append(when, el('span', 'event', eventLabel(s.event)), el('span', 'actor', actorLabel(s.actor)));
    if (s.status) li.append(statusChip(s.status));
    const note = s.properties?.note;
    if (note) li.append(el('p', 'note', t('noteText', { note })));
    ol.append(li);
  }
  if (!steps.length) ol.append(el('li', 'none', t('noTimeline')));
  return sec;
}

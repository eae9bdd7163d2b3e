// The incident drawer (left, over the layer panel): one incident from
// GET /api/v1/incidents/{id} — its properties under the catalogue's field
// titles, its evidence (the alerts merged into it, each with rule, source,
// time and why it was merged) and its timeline (every journal step: event,
// actor, time, status, note) — and the actions its status allows
// (layers/incident/lifecycle.go), sent as POST /api/v1/incidents/{id}/{action}
// with the operator's name and a note. A refusal (409) shows the server's
// reason. The drawer refreshes from each answer and from the live deltas of
// its incident; the map shows the location estimate (estimate.js) while it
// is open. Esc or × closes it.

import { ApiError, actIncident, fetchIncident } from './api.js';
import { t, duration } from './i18n.js';
import {
  BUTTONS, allowed, nextAction, closed, el, statusChip, severityBadge, titleOf, statusLabel, domainLabel, districtName, actionLabel,
} from './incidentview.js';
import { propsTable, evidenceList, timelineList } from './sections.js';

const OPERATOR_KEY = 'lookout.operator';
export const DEFAULT_OPERATOR = '值班员';
const REFRESH_MS = 150; // a burst of deltas (an action, then the engine) is one refresh

function storedOperator() {
  try {
    return localStorage.getItem(OPERATOR_KEY) || DEFAULT_OPERATOR;
  } catch {
    return DEFAULT_OPERATOR;
  }
}

/**
 * Builds the drawer in root (#incident), placed just below the element
 * `below` (the panel's header: title and language switch stay in reach).
 * catalog: layer → catalogue entry (field titles); estimate: estimate.js
 * overlay; onChange(feature) with every newer state of the incident (for the
 * queue); onClose().
 *
 * The dispatch console (console.js) lays it out differently: `sections`
 * are its own elements, put between the header and the actions (stage
 * clock, recommendations, assignments); `buttons` the actions offered
 * (default BUTTONS); `escape(ev)` is asked first on Esc and returns true
 * when it dealt with the key itself (the drawer then stays open).
 * `consoleLink(id)`, on the wall, is the address of the incident in the
 * dispatch console, offered beside the actions.
 */
export function createDrawer(root, { below, catalog, estimate, onChange, onClose, sections = [], buttons: offered = BUTTONS, escape, consoleLink }) {
  let id = null;
  let detail = null; // the incident Feature with evidence and timeline
  let version = 0; // the newest version seen, from any source
  let loading = false;
  let failure = null; // {gone} | {error}
  let message = null; // {kind: busy|done|rejected|failed, …}: said under the buttons
  let busy = false;
  let req = 0;
  let refreshTimer = null;
  let fitPending = false;

  root.replaceChildren();
  root.hidden = true;
  const close = el('button', 'close', '×');
  close.type = 'button';
  close.addEventListener('click', () => hide());
  const title = el('h2', 'inc-title');
  const badges = el('div', 'inc-badges');
  const sub = el('p', 'inc-sub');
  const clock = el('p', 'inc-clock');
  const note = el('p', 'inc-note');
  const head = el('header', 'inc-head');
  head.append(close, badges, title, sub, clock);

  // Actions: built once, so the operator field keeps focus and text.
  const actions = el('section', 'inc-actions');
  const actionsTitle = el('h3');
  const toConsole = el('a', 'to-console');
  toConsole.target = 'lookout-dispatch'; // one console window, reused
  toConsole.hidden = !consoleLink;
  const who = el('label', 'operator');
  const whoLabel = el('span');
  const operator = el('input');
  operator.name = 'operator';
  operator.value = storedOperator();
  operator.maxLength = 40;
  operator.addEventListener('change', () => {
    try {
      localStorage.setItem(OPERATOR_KEY, operator.value.trim() || DEFAULT_OPERATOR);
    } catch {
      /* not remembered */
    }
  });
  who.append(whoLabel, operator);
  const noteInput = el('input', 'note');
  noteInput.name = 'note';
  noteInput.maxLength = 500;
  const buttons = el('div', 'buttons');
  const byAction = new Map(offered.map((a) => {
    const b = el('button', `act${a === 'dismiss' ? ' danger' : ''}`);
    b.type = 'button';
    b.dataset.action = a;
    b.addEventListener('click', () => act(a));
    buttons.append(b);
    return [a, b];
  }));
  const said = el('p', 'message');
  const over = el('p', 'case-closed');
  const actionsHead = el('div', 'actions-head');
  actionsHead.append(actionsTitle, toConsole);
  actions.append(actionsHead, who, noteInput, buttons, said, over);

  const body = el('div', 'inc-body');
  root.append(head, note, ...sections, actions, body);

  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && id !== null && !escape?.(ev)) hide();
  });
  // The header's height depends on the language and the window's width.
  const place = () => {
    if (below) root.style.top = `${Math.round(below.getBoundingClientRect().bottom) + 6}px`;
  };
  window.addEventListener('resize', place);

  const status = () => detail?.properties?.status ?? null;

  function renderActions() {
    actionsTitle.textContent = t('actions');
    if (consoleLink && id !== null) {
      toConsole.href = consoleLink(id);
      toConsole.textContent = t('openInConsole');
      toConsole.title = t('openInConsoleTitle');
    }
    whoLabel.textContent = t('operator');
    who.title = t('operatorTitle');
    noteInput.placeholder = t('notePlaceholder');
    const st = status();
    for (const [a, b] of byAction) {
      b.textContent = busy === a ? t('actBusy') : actionLabel(a);
      b.disabled = Boolean(busy) || !detail || Boolean(failure?.gone) || !allowed(a, st);
      b.classList.toggle('primary', nextAction(st) === a);
    }
    said.textContent = messageText();
    said.dataset.kind = message?.kind ?? '';
    over.textContent = t('closedCase');
    over.hidden = !(st && closed(st));
  }

  // Kept as data, worded at render time: it follows a language switch.
  function messageText() {
    const m = message;
    if (!m) return '';
    if (m.kind === 'busy') return t('actBusy');
    if (m.kind === 'done') return t('actDone', { action: actionLabel(m.action), status: statusLabel(m.status) });
    if (m.kind === 'rejected') return t('actRejected', { status: m.status, reason: m.reason });
    return t('actFailed', { msg: m.msg });
  }

  function tick() {
    const p = detail?.properties;
    const opened = Date.parse(p?.opened ?? '');
    if (!p || Number.isNaN(opened)) {
      clock.textContent = '';
      return;
    }
    const end = Date.parse(p.resolved_at ?? p.dismissed_at ?? '');
    clock.textContent = Number.isNaN(end) ? t('clockOpen', { t: duration(Date.now() - opened) })
      : t('clockClosed', { t: duration(end - opened) });
  }

  function render() {
    if (id === null) return;
    place();
    close.title = t('detailClose');
    const p = detail?.properties ?? {};
    title.textContent = titleOf(p) || id;
    badges.replaceChildren(severityBadge(p.severity), statusChip(p.status));
    badges.hidden = !detail;
    sub.textContent = detail ? [domainLabel(p.domain), districtName(p.district, render), id].join(' · ') : id;
    note.hidden = !(loading && !detail) && !failure;
    note.className = `inc-note${failure ? ' error' : ''}`;
    note.textContent = note.hidden ? '' : failure?.gone ? t('detailGone')
      : failure ? t('detailFailed', { msg: failure.error.message }) : t('detailLoading');
    renderActions();
    tick();
    if (!detail) {
      body.replaceChildren();
      return;
    }
    const meta = catalog.get('incidents') ?? { fields: [] };
    body.replaceChildren(propsTable(detail, meta, catalog, render), evidenceList(detail.evidence ?? [], catalog, render), timelineList(detail.timeline ?? []));
  }

  function show(d, { fit }) {
    detail = d;
    version = Math.max(version, Number(d.version) || 0);
    estimate.show(d, { fit });
    onChange?.(d);
  }

  async function load() {
    const mine = ++req;
    const want = id;
    loading = true;
    render();
    try {
      const d = await fetchIncident(want);
      if (mine !== req || want !== id) return;
      failure = null;
      // An older answer than what a delta or an action told us: ask again.
      if ((Number(d.version) || 0) < version) refresh();
      else {
        show(d, { fit: fitPending });
        fitPending = false;
      }
    } catch (err) {
      if (mine !== req || want !== id) return;
      failure = err instanceof ApiError && err.status === 404 ? { gone: true } : { error: err };
      if (failure.gone) estimate.clear();
    } finally {
      if (mine === req) loading = false;
    }
    render();
  }

  function refresh(ms = REFRESH_MS) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(load, ms);
  }

  async function act(action) {
    const want = id;
    busy = action;
    message = { kind: 'busy' };
    renderActions();
    const by = operator.value.trim() || DEFAULT_OPERATOR;
    try {
      const f = await actIncident(want, action, { by, note: noteInput.value.trim() });
      if (want !== id) return;
      // The answer is the incident as it is now: show it at once (status,
      // buttons); evidence and timeline follow with the refresh.
      if ((Number(f.version) || 0) >= version) show({ ...detail, ...f }, { fit: false });
      noteInput.value = '';
      message = { kind: 'done', action, status: f.properties?.status };
    } catch (err) {
      if (want !== id) return;
      message = err instanceof ApiError ? { kind: 'rejected', status: err.status, reason: err.reason } : { kind: 'failed', msg: err.message };
    } finally {
      if (want === id) {
        busy = false;
        render();
        refresh(0);
      }
    }
  }

  function open(incidentId) {
    const same = incidentId === id;
    id = String(incidentId);
    root.hidden = false;
    fitPending = true;
    if (!same) {
      detail = null;
      version = 0;
      failure = null;
      message = null;
      estimate.clear();
    }
    render();
    load();
  }

  function hide() {
    if (id === null) return;
    id = null;
    req++;
    clearTimeout(refreshTimer);
    detail = null;
    busy = false;
    root.hidden = true;
    estimate.clear();
    onClose?.();
  }

  /** live.js onWatch: deltas of the open incident refresh it. */
  function watch(ev) {
    if (id === null || ev.layer !== 'incidents') return;
    if (ev.op === 'delete' && String(ev.id) === id) {
      failure = { gone: true };
      estimate.clear();
      render();
    } else if (ev.op === 'put' && String(ev.feature?.id) === id && (Number(ev.feature.version) || 0) > version) {
      version = Number(ev.feature.version);
      if (detail) detail = { ...detail, ...ev.feature };
      render();
      refresh();
    } else if (ev.op === 'snapshot') {
      refresh(); // after a reconnect: whatever happened meanwhile
    }
  }

  setInterval(tick, 1000);
  return {
    open,
    close: hide,
    watch,
    rerender: render,
    get id() { return id; },
    /** The incident as last shown (with evidence, timeline and assignments), or null. */
    get detail() { return detail; },
    /** The operator's name, as actions are recorded under it. */
    get operator() { return operator.value.trim() || DEFAULT_OPERATOR; },
    /** The note typed for the next action. */
    get note() { return noteInput.value.trim(); },
    clearNote() { noteInput.value = ''; },
    /** For tests: what the drawer shows. */
    get state() {
      const p = detail?.properties ?? {};
      return { id, status: p.status ?? null, version: Number(detail?.version ?? 0), loading, gone: Boolean(failure?.gone),
        error: failure?.error?.message ?? null, message: message && { kind: message.kind, text: messageText() }, busy,
        evidence: detail?.evidence?.length ?? 0, timeline: (detail?.timeline ?? []).map((s) => ({ event: s.event, actor: s.actor, status: s.status ?? null })),
        enabled: [...byAction].filter(([, b]) => !b.disabled).map(([a]) => a) };
    },
  };
}

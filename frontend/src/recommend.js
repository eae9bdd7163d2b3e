// The recommendation list of the dispatch console: the responders who can
// reach the open incident first, from GET /api/v1/incidents/{id}/recommend
// (ranked by ETA on the server, shown in its order): rank (the key that
// picks it), kind, name and unit, distance, ETA, how it travels, how old
// its position is (flagged when stale) and the server's reason in the UI
// language. Each row dispatches with one click; ticked rows go together.
// When fewer than k fit, the server's shortfall message and what it passed
// over are shown.
//
// Keyboard (console.js routes the keys here): 1–9 tick that row and put
// the cursor on it, ↑/↓ move the cursor, Space ticks the cursor's row,
// Enter sends the ticked rows or, with none ticked, the cursor's row (at
// first the top recommendation), Esc clears the ticks.
//
// The list is asked for again when the incident is opened, every 15 s
// (responders move), when a listed responder's task or availability
// changes on the live feed (it is marked busy at once), after a dispatch,
// and on R. A refusal (409: busy, not available, incident closed) shows
// the server's reason and refreshes the list.

import { ApiError, dispatchIncident, fetchRecommend } from './api.js';
import { t, lang, duration } from './i18n.js';
import { el } from './incidentview.js';
import { DISPATCH_FROM, availabilityLabel, capabilitiesLabel, capabilityLabel, distance, kindChip, modeLabel } from './dispatchview.js';

const K = 5;
const EVERY = 15_000;
const STALE_KEY = 'lookout.dispatch.stale';

function storedStale() {
  try {
    return localStorage.getItem(STALE_KEY) === 'include';
  } catch {
    return false;
  }
}

/**
 * The recommendation section. status(): the open incident's status (or
 * null while unknown); operator(), note(), clearNote(): the drawer's
 * operator field and note; responder(id): the live feed's latest state of
 * a responder ({coordinates, properties}) or null; onAnswer(answer) after
 * each answer or selection change (the map); onDispatched(feature) with
 * the incident and its `assignments` after a successful dispatch.
 */
export function createRecommend({ status, operator, note, clearNote, responder, onAnswer, onDispatched }) {
  let id = null;
  let answer = null;
  let loading = false;
  let error = null;
  let req = 0;
  let every = null;
  let soon = null;
  let stale = storedStale();
  let radius = null; // widened by the operator, else the server's default
  const selected = new Set();
  let cursor = 0;
  let sending = null; // ids in flight
  let message = null; // {kind: busy|done|rejected|failed|closed, …}
  let answers = 0;

  const root = el('section', 'rec');
  const head = el('header', 'rec-head');
  const title = el('h3');
  const need = el('span', 'rec-need');
  const updating = el('span', 'rec-updating');
  const staleBox = el('label', 'rec-stale');
  const staleInput = el('input');
  staleInput.type = 'checkbox';
  staleInput.checked = stale;
  staleInput.tabIndex = -1;
  const staleText = el('span');
  staleBox.append(staleInput, staleText);
  const refreshBtn = el('button', 'rec-refresh');
  refreshBtn.type = 'button';
  head.append(title, need, updating, staleBox, refreshBtn);
  const list = el('ol', 'rec-list');
  list.tabIndex = -1; // focused when an incident opens: the keys act here
  const empty = el('p', 'rec-empty');
  const short = el('div', 'rec-shortfall');
  const foot = el('div', 'rec-foot');
  const sendSel = el('button', 'act primary rec-send');
  sendSel.type = 'button';
  const said = el('p', 'message rec-message');
  foot.append(sendSel, said);
  root.append(head, list, empty, short, foot);
  root.hidden = true;

  staleInput.addEventListener('change', () => {
    stale = staleInput.checked;
    try {
      localStorage.setItem(STALE_KEY, stale ? 'include' : 'exclude');
    } catch {
      /* not remembered */
    }
    refresh(0);
  });
  refreshBtn.addEventListener('click', () => refresh(0));
  sendSel.addEventListener('click', () => enter());

  const candidates = () => answer?.candidates ?? [];
  const closedCase = () => {
    const s = status();
    return Boolean(s) && !DISPATCH_FROM.includes(s);
  };

  /** What the live feed says of a candidate now: {busy, here, unavailable}. */
  function liveOf(c) {
    const p = responder(c.id)?.properties;
    if (!p) return { busy: false, here: false, availability: c.availability };
    const task = p.task ? String(p.task) : '';
    return { busy: Boolean(task), here: task === id, task, availability: p.availability ?? c.availability };
  }

  function row(c, i) {
    const live = liveOf(c);
    const li = el('li', 'cand');
    li.dataset.id = c.id;
    li.dataset.rank = c.rank;
    li.classList.toggle('cursor', i === cursor);
    li.classList.toggle('ticked', selected.has(c.id));
    li.classList.toggle('stale', Boolean(c.stale));
    li.classList.toggle('busy', live.busy);
    const box = el('input', 'tick');
    box.type = 'checkbox';
    box.tabIndex = -1;
    box.checked = selected.has(c.id);
    box.addEventListener('change', () => {
      cursor = i;
      tick(c.id, box.checked);
    });
    const key = el('kbd', 'key', i < 9 ? String(i + 1) : String(c.rank));
    key.title = t('recKeyTitle', { n: i + 1 });
    const name = el('span', 'name', c.name || c.id);
    name.title = [c.name, c.unit, capabilitiesLabel(c.capabilities), c.id].filter(Boolean).join(' · ');
    const dist = el('span', 'dist', distance(c.distance_m));
    const eta = el('span', 'eta', duration(Number(c.eta_s) * 1000));
    const mode = el('span', 'mode', modeLabel(c.mode));
    if (Number.isFinite(c.speed_kmh)) mode.title = `${c.speed_kmh} km/h`;
    const fix = el('span', 'fix', c.stale ? t('recStaleFlag') : t('recFix', { t: duration(Number(c.fix_age_s) * 1000) }));
    fix.title = t('recFix', { t: duration(Number(c.fix_age_s) * 1000) });
    const go = el('button', 'go');
    go.type = 'button';
    go.textContent = sending?.includes(c.id) ? t('dispatchBusy') : t('recDispatch');
    go.title = t('recDispatchTitle', { name: c.name || c.id });
    go.disabled = Boolean(sending) || closedCase() || live.busy;
    go.addEventListener('click', (ev) => {
      ev.stopPropagation();
      cursor = i;
      send([c.id]);
    });
    const reason = el('span', 'reason', (lang() === 'zh' ? c.reason_zh : c.reason) || c.reason || c.reason_zh || '');
    reason.title = reason.textContent;
    const sub = el('div', 'sub');
    sub.append(mode, fix, reason);
    li.append(box, key, kindChip(c.kind), name, dist, eta, go, sub);
    if (live.busy || live.availability !== 'available') {
      const why = live.here ? t('recBusyHere') : live.busy ? t('recBusy', { task: live.task })
        : t('recUnavailable', { state: availabilityLabel(live.availability) });
      li.append(el('p', 'live-state', why));
    }
    li.addEventListener('click', (ev) => {
      if (ev.target.closest('button, input')) return;
      cursor = i;
      render();
    });
    return li;
  }

  function render() {
    if (id === null) return;
    root.hidden = false;
    title.textContent = t('recTitle');
    const a = answer;
    need.textContent = a ? [a.capability ? t('recNeed', { cap: capabilityLabel(a.capability) }) : t('recAny'),
      Number.isFinite(a.radius_m) ? t('recRadius', { d: distance(a.radius_m) }) : null].filter(Boolean).join(' · ') : '';
    updating.textContent = loading && a ? t('recUpdating') : '';
    staleText.textContent = t('recStale');
    staleBox.title = t('recStaleTitle', { t: duration((a?.max_age_s ?? 600) * 1000) });
    refreshBtn.textContent = t('recRefresh');
    refreshBtn.title = t('recRefreshTitle');
    // A closed case: nobody to send, only the message saying so.
    const over = closedCase();
    const cs = over ? [] : candidates();
    if (cursor >= cs.length) cursor = Math.max(0, cs.length - 1);
    list.replaceChildren(...cs.map(row));
    empty.hidden = cs.length > 0 || over;
    empty.classList.toggle('error', Boolean(error));
    empty.textContent = error ? t('recFailed', { msg: error.message }) : !a ? t('recLoading') : t('recNone');
    // A shortfall: the server's own sentence, then every count it passed over.
    short.replaceChildren();
    short.hidden = !a?.shortfall || over;
    if (a?.shortfall && !over) {
      const s = a.shortfall;
      short.dataset.reason = s.reason ?? '';
      short.append(el('p', 'msg', (lang() === 'zh' ? s.message_zh : s.message) || s.message || s.message_zh || s.reason));
      const x = a.excluded ?? {};
      const parts = Object.entries(x).filter(([, n]) => n > 0).map(([k, n]) => t(`excl_${k}`, { n }));
      const facts = [Number.isFinite(a.considered) ? t('recConsidered', { n: a.considered }) : null,
        parts.length ? t('recExcluded') + parts.join(' · ') : null].filter(Boolean).join('；');
      if (facts) short.append(el('p', 'excluded', facts));
      const wider = Math.min(200_000, (a.radius_m || 50_000) * 2);
      if ((s.reason === 'outside_radius' || s.reason === 'no_candidates') && wider > (a.radius_m || 0)) {
        const b = el('button', 'widen', t('recWiden', { d: distance(wider) }));
        b.type = 'button';
        b.addEventListener('click', () => {
          radius = wider;
          refresh(0);
        });
        short.append(b);
      }
    }
    sendSel.hidden = selected.size === 0 || over;
    sendSel.textContent = t('recDispatchSel', { n: selected.size });
    sendSel.title = t('recDispatchSelTitle');
    sendSel.disabled = Boolean(sending) || closedCase();
    said.textContent = messageText();
    said.dataset.kind = message?.kind ?? '';
    if (!message && closedCase()) {
      said.textContent = t('dispatchClosed');
      said.dataset.kind = 'closed';
    }
  }

  function messageText() {
    const m = message;
    if (!m) return '';
    if (m.kind === 'busy') return t('dispatchBusy');
    if (m.kind === 'done') return t('dispatchDone', { names: m.names.join('、') });
    if (m.kind === 'rejected') return t('dispatchRejected', { status: m.status, reason: m.field ? `${m.reason}（${m.field}）` : m.reason });
    if (m.kind === 'closed') return t('dispatchClosed');
    return t('dispatchFailed', { msg: m.msg });
  }

  function changed() {
    render();
    onAnswer?.(answer, { selected: [...selected], cursor: candidates()[cursor]?.id ?? null });
  }

  function tick(rid, on) {
    if (on) selected.add(rid);
    else selected.delete(rid);
    changed();
  }

  async function load() {
    clearTimeout(soon);
    soon = null;
    if (id === null) return;
    const mine = ++req;
    const want = id;
    // An answer to an older request is dropped, not aborted: an aborted
    // request is a failed one in the browser's eyes.
    loading = true;
    render();
    try {
      const a = await fetchRecommend(want, { k: K, stale, radius_m: radius ?? undefined });
      if (mine !== req || want !== id) return;
      const before = candidates()[cursor]?.id;
      answer = a;
      answers++;
      error = null;
      // Ticks and the cursor follow the responders, not the rows.
      const ids = new Set(candidates().map((c) => c.id));
      for (const s of [...selected]) if (!ids.has(s)) selected.delete(s);
      const at = candidates().findIndex((c) => c.id === before);
      cursor = at >= 0 ? at : 0;
    } catch (err) {
      if (mine !== req || want !== id) return;
      error = err;
      console.warn('lookout: recommend:', err);
    } finally {
      if (mine === req) loading = false;
    }
    changed();
  }

  /** Asks again after ms (0: now); a burst of triggers is one request. */
  function refresh(ms = 300) {
    if (id === null || (closedCase() && answer)) return; // a closed case: nobody to send any more
    clearTimeout(soon);
    soon = setTimeout(load, ms);
  }

  async function send(ids) {
    if (!ids.length || sending || id === null) return;
    if (closedCase()) {
      message = { kind: 'closed' };
      render();
      return;
    }
    const want = id;
    const names = ids.map((r) => candidates().find((c) => c.id === r)?.name || r);
    sending = ids;
    message = { kind: 'busy' };
    render();
    try {
      const f = await dispatchIncident(want, ids, { by: operator(), note: note() });
      if (want !== id) return;
      const sent = (f.assignments ?? []).filter((a) => ids.includes(a.properties?.responder));
      message = { kind: 'done', names: sent.length ? sent.map((a) => a.properties.responder_name || a.properties.responder) : names };
      for (const r of ids) selected.delete(r);
      clearNote?.();
      onDispatched?.(f);
    } catch (err) {
      if (want !== id) return;
      message = err instanceof ApiError ? { kind: 'rejected', status: err.status, reason: err.reason, field: err.field } : { kind: 'failed', msg: err.message };
      console.warn('lookout: dispatch:', err.message);
    } finally {
      if (want === id) {
        sending = null;
        changed();
        refresh(0);
      }
    }
  }

  function enter() {
    if (selected.size) send([...selected]);
    else if (candidates()[cursor]) send([candidates()[cursor].id]);
  }

  return {
    root,
    list,
    open(incidentId) {
      const same = String(incidentId) === id;
      id = String(incidentId);
      if (!same) {
        answer = null;
        error = null;
        message = null;
        radius = null;
        selected.clear();
        cursor = 0;
        sending = null;
      }
      clearInterval(every);
      every = setInterval(() => refresh(0), EVERY);
      render();
      load();
    },
    close() {
      id = null;
      req++;
      clearInterval(every);
      clearTimeout(soon);
      answer = null;
      selected.clear();
      root.hidden = true;
    },
    refresh,
    /** The incident's status changed (a closed case offers no dispatch). */
    statusChanged() {
      if (id === null) return;
      if (closedCase()) message = { kind: 'closed' };
      else if (message?.kind === 'closed') message = null;
      render();
    },
    /** A responder changed on the live feed: re-mark it, and ask again when a listed one got busy or free. */
    responderChanged(rid, props, prev) {
      if (id === null || !candidates().some((c) => c.id === rid)) return;
      render();
      if ((prev?.task ?? null) !== (props?.task ?? null) || prev?.availability !== props?.availability) refresh();
    },
    pick(n) {
      const cs = candidates();
      if (n < 1 || n > cs.length) return false;
      cursor = n - 1;
      tick(cs[cursor].id, !selected.has(cs[cursor].id));
      return true;
    },
    move(d) {
      const n = candidates().length;
      if (!n) return;
      cursor = Math.min(n - 1, Math.max(0, cursor + d));
      changed();
    },
    /** The map or the list pointed at a responder: the cursor goes there. */
    point(rid) {
      const i = candidates().findIndex((c) => c.id === rid);
      if (i < 0) return false;
      cursor = i;
      changed();
      return true;
    },
    toggle() {
      const c = candidates()[cursor];
      if (c) tick(c.id, !selected.has(c.id));
    },
    enter,
    /** Esc: clears the ticks; false when there were none. */
    clear() {
      if (!selected.size) return false;
      selected.clear();
      changed();
      return true;
    },
    rerender: render,
    get answer() { return answer; },
    /** The candidates worth drawing: none for a closed case. */
    get offering() { return !closedCase(); },
    /** For tests: what the list shows. */
    get state() {
      return {
        incident: id, loading, answers, error: error?.message ?? null,
        ids: candidates().map((c) => c.id), ranks: candidates().map((c) => c.rank),
        selected: [...selected], cursor: candidates()[cursor]?.id ?? null,
        shortfall: answer?.shortfall?.reason ?? null, excluded: answer?.excluded ?? null,
        sending: sending ? [...sending] : null, message: message && { kind: message.kind, text: messageText() },
      };
    },
  };
}

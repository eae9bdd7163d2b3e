// The open incident's assignments in the dispatch console: every responder
// sent to it (layer `assignments`), active ones first, each with its kind,
// name, task state (assigned → en route → on scene → released, set by the
// server as the responder moves and arrives, or by these buttons), when it
// was sent and by whom, the ETA at dispatch against the time gone by, and
// how far it is from the scene now (its live position). They come from the
// incident's detail, from the dispatch answer and from the live feed,
// whichever is newest (by version); the live feed keeps them moving.
// Task actions go to POST /api/v1/assignments/{id}/{accept|arrive|release};
// a refusal shows the server's reason.

import { ApiError, actAssignment } from './api.js';
import { t, duration, timeOfDay, dateTime } from './i18n.js';
import { el } from './incidentview.js';
import { ACTIVE_TASK, TASK_ACTIONS, distance, kindChip, metres, ms, taskChip, taskLabel } from './dispatchview.js';

const ORDER = { en_route: 0, assigned: 1, on_scene: 2, released: 3 };

/**
 * The assignments section. operator(), note(): the drawer's fields;
 * responder(id): the live state of a responder ({coordinates, properties})
 * or null; onChange(list) whenever the set or a state changes (the map).
 */
export function createAssignments({ operator, note, responder, onChange }) {
  let id = null;
  const byId = new Map(); // assignment id → Feature
  let busy = null; // `${id}/${action}` in flight
  let message = null;

  const root = el('section', 'asg');
  const title = el('h3');
  const list = el('ol', 'asg-list');
  const empty = el('p', 'asg-empty');
  const said = el('p', 'message asg-message');
  root.append(title, list, empty, said);
  root.hidden = true;

  const mine = () => [...byId.values()].filter((f) => String(f.properties?.incident) === id)
    .sort((a, b) => (ORDER[a.properties.state] ?? 9) - (ORDER[b.properties.state] ?? 9) ||
      (ms(a.properties.assigned_at) ?? 0) - (ms(b.properties.assigned_at) ?? 0) || String(a.id).localeCompare(String(b.id)));

  function put(f) {
    if (!f || f.id === undefined || f.id === null) return false;
    const key = String(f.id);
    const old = byId.get(key);
    if (old && Number(old.version) > Number(f.version)) return false;
    byId.set(key, f);
    return true;
  }

  /** The live part of a row: time gone by against the ETA, distance from the scene now. */
  function progress(f) {
    const p = f.properties;
    const sent = ms(p.assigned_at);
    const parts = [];
    if (p.state === 'on_scene' && sent !== null && ms(p.on_scene_at) !== null) {
      parts.push(t('asgArrived', { t: duration(ms(p.on_scene_at) - sent) }));
    } else if (p.state === 'released') {
      parts.push(t('asgReleased', { t: timeOfDay(p.released_at) }));
    } else if (sent !== null) {
      const gone = Date.now() - sent;
      parts.push(t('asgElapsed', { t: duration(gone) }));
      const eta = Number(p.eta_s) * 1000;
      if (Number.isFinite(eta) && eta > 0 && gone > eta) parts.push(t('asgLate', { t: duration(gone - eta) }));
    }
    const at = responder(p.responder)?.coordinates;
    if (at && p.state !== 'released' && f.geometry?.type === 'Point') parts.push(t('asgAway', { d: distance(metres(at, f.geometry.coordinates)) }));
    return parts.join(' · ');
  }

  function late(f) {
    const p = f.properties;
    const sent = ms(p.assigned_at);
    const eta = Number(p.eta_s) * 1000;
    return (p.state === 'assigned' || p.state === 'en_route') && sent !== null && eta > 0 && Date.now() - sent > eta;
  }

  function row(f) {
    const p = f.properties ?? {};
    const li = el('li', 'asg-row');
    li.dataset.id = f.id;
    li.dataset.state = p.state ?? '';
    li.dataset.responder = p.responder ?? '';
    li.classList.toggle('late', late(f));
    const name = el('span', 'name', p.responder_name || p.responder);
    name.title = [p.responder_name, p.responder].filter(Boolean).join(' · ');
    const when = el('span', 'sent', [t('asgAssigned', { t: timeOfDay(p.assigned_at) }),
      Number(p.eta_s) > 0 ? t('asgEta', { t: duration(Number(p.eta_s) * 1000) }) : null,
      Number.isFinite(Number(p.distance_m)) && p.distance_m !== undefined ? distance(p.distance_m) : null,
      p.assigned_by ? t('asgBy', { by: p.assigned_by }) : null].filter(Boolean).join(' · '));
    when.title = [dateTime(p.assigned_at), p.note].filter(Boolean).join(' · ');
    const prog = el('span', 'progress', progress(f));
    const buttons = el('span', 'tacts');
    for (const action of Object.keys(TASK_ACTIONS)) {
      const b = el('button', `tact${action === 'release' ? ' danger' : ''}`, busy === `${f.id}/${action}` ? '…' : t(`tact_${action}`));
      b.type = 'button';
      b.dataset.action = action;
      b.title = t(`tactTitle_${action}`);
      b.hidden = !TASK_ACTIONS[action].includes(p.state);
      b.disabled = Boolean(busy);
      b.addEventListener('click', () => act(f, action));
      buttons.append(b);
    }
    li.append(kindChip(p.responder_kind), name, taskChip(p.state), buttons, when, prog);
    return li;
  }

  function tick() {
    for (const li of list.children) {
      const f = byId.get(li.dataset.id);
      if (!f) continue;
      li.querySelector('.progress').textContent = progress(f);
      li.classList.toggle('late', late(f));
    }
  }

  function render() {
    if (id === null) return;
    root.hidden = false;
    const fs = mine();
    const active = fs.filter((f) => ACTIVE_TASK.includes(f.properties?.state)).length;
    title.textContent = t('asgTitle', { n: fs.length === active ? active : `${active}/${fs.length}` });
    list.replaceChildren(...fs.map(row));
    empty.hidden = fs.length > 0;
    empty.textContent = t('asgNone');
    said.textContent = messageText();
    said.dataset.kind = message?.kind ?? '';
  }

  function messageText() {
    const m = message;
    if (!m) return '';
    if (m.kind === 'rejected') return t('tactRejected', { status: m.status, reason: m.reason });
    return t('tactFailed', { msg: m.msg });
  }

  function changed() {
    render();
    onChange?.(mine());
  }

  async function act(f, action) {
    if (busy) return;
    const want = id;
    busy = `${f.id}/${action}`;
    message = null;
    render();
    try {
      const a = await actAssignment(String(f.id), action, { by: operator(), note: note() });
      put(a);
    } catch (err) {
      if (want === id) {
        message = err instanceof ApiError ? { kind: 'rejected', status: err.status, reason: err.reason } : { kind: 'failed', msg: err.message };
      }
      console.warn('lookout: task action:', err.message);
    } finally {
      busy = null;
      if (want === id) changed();
    }
  }

  setInterval(tick, 1000);
  return {
    root,
    open(incidentId) {
      if (String(incidentId) !== id) message = null;
      id = String(incidentId);
      changed();
    },
    close() {
      id = null;
      root.hidden = true;
      onChange?.([]);
    },
    /** Assignments from the incident's detail or a dispatch answer. */
    putAll(fs) {
      let any = false;
      for (const f of fs ?? []) any = put(f) || any;
      if (any && id !== null) changed();
    },
    /** live.js onWatch for the assignments layer. */
    watch(ev) {
      if (ev.op === 'snapshot') ev.features.forEach(put);
      else if (ev.op === 'put') put(ev.feature);
      else if (ev.op === 'delete') byId.delete(String(ev.id));
      if (id !== null) changed();
    },
    /** A responder moved or changed: the distances follow. */
    responderChanged(rid) {
      if (id !== null && mine().some((f) => f.properties.responder === rid)) tick();
    },
    rerender: render,
    /** For tests: [{id, responder, name, state}] as shown. */
    get state() {
      return mine().map((f) => ({ id: String(f.id), responder: f.properties.responder, name: f.properties.responder_name,
        state: f.properties.state, label: taskLabel(f.properties.state), version: Number(f.version ?? 0) }));
    },
    get message() { return message && { kind: message.kind, text: messageText() }; },
  };
}

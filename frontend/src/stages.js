// The stage clock of one incident, from alarm to disposal: when the alarm
// came (the incident's `opened`), a stopwatch running every second since
// then (stopped at resolution or dismissal), and each stage — 接警 acknowledged,
// 核实 verified, 派遣 dispatched, 到场 on scene, 处置 resolved — with the time
// it was first reached and how long after the alarm. The next stage to
// reach is marked; the stopwatch turns amber at two thirds of the target
// (9 minutes unless the response statistics say otherwise) and red past it.
// The times are the incident's own properties (layers/incident/lifecycle.go
// keeps each stage's first time), so the clock is right after a reload.

import { t, timeOfDay, dateTime, duration } from './i18n.js';
import { el } from './incidentview.js';
import { clock, ms, span } from './dispatchview.js';

/** The stages in order, and the property that says when each was reached. */
export const STAGES = [
  ['acknowledged', 'acknowledged_at'],
  ['verified', 'verified_at'],
  ['dispatched', 'dispatched_at'],
  ['on_scene', 'on_scene_at'],
  ['resolved', 'resolved_at'],
];

export const DEFAULT_TARGET_S = 540; // the reference case: alarm to disposal in under 9 minutes

/** Builds the clock in a new section; update(props) with the incident's properties. */
export function createStages() {
  let props = null;
  let target = DEFAULT_TARGET_S;

  const root = el('section', 'stages');
  const head = el('div', 'stage-head');
  const alarmLabel = el('span', 'alarm-label');
  const alarmAt = el('time', 'alarm-at');
  const watch = el('span', 'elapsed');
  const watchLabel = el('span', 'elapsed-label');
  const targetEl = el('span', 'target');
  head.append(alarmLabel, alarmAt, watchLabel, watch, targetEl);
  const list = el('ol', 'stage-list');
  const cells = STAGES.map(([stage]) => {
    const li = el('li', 'stage');
    li.dataset.stage = stage;
    const name = el('span', 'name');
    const since = el('span', 'since');
    const at = el('time', 'at');
    li.append(name, since, at);
    list.append(li);
    return { stage, li, name, since, at };
  });
  root.append(head, list);

  const opened = () => ms(props?.opened);
  const end = () => ms(props?.resolved_at) ?? ms(props?.dismissed_at);

  function tick() {
    const start = opened();
    if (start === null) {
      watch.textContent = '—';
      watch.dataset.level = '';
      return;
    }
    const stop = end();
    const run = (stop ?? Date.now()) - start;
    watch.textContent = clock(run);
    watch.dataset.level = run >= target * 1000 ? 'late' : run >= (target * 1000 * 2) / 3 ? 'warn' : 'ok';
    watch.dataset.running = String(stop === null);
    watchLabel.textContent = t(stop === null ? 'stageElapsed' : 'stageTotal');
  }

  function render() {
    alarmLabel.textContent = t('stageAlarm');
    const start = opened();
    alarmAt.textContent = start === null ? '—' : timeOfDay(props.opened);
    alarmAt.dateTime = props?.opened ?? '';
    alarmAt.title = start === null ? '' : dateTime(props.opened);
    targetEl.textContent = t('stageTarget', { t: span(target) });
    const dismissed = props?.status === 'dismissed';
    const keyOf = (stage) => (stage === 'resolved' && dismissed ? 'dismissed_at' : STAGES.find(([s]) => s === stage)[1]);
    // A stage left out (verified, when dispatched straight from an
    // acknowledged alarm) is skipped, not waited for: the next stage is the
    // first one after the last reached.
    let last = -1;
    cells.forEach((c, i) => {
      if (ms(props?.[keyOf(c.stage)]) !== null) last = i;
    });
    const open = start !== null && end() === null;
    cells.forEach((c, i) => {
      const key = keyOf(c.stage);
      const at = ms(props?.[key]);
      c.name.textContent = t(`stage_${c.stage === 'resolved' && dismissed ? 'dismissed' : c.stage}`);
      c.li.classList.toggle('done', at !== null);
      c.li.classList.toggle('skipped', at === null && (i < last || !open));
      c.li.classList.toggle('next', at === null && open && i === last + 1);
      if (at === null) {
        c.since.textContent = '—';
        c.at.textContent = '';
        c.at.dateTime = '';
        c.li.title = '';
      } else {
        c.since.textContent = start === null ? '' : `+${clock(at - start)}`;
        c.at.textContent = timeOfDay(props[key]);
        c.at.dateTime = props[key];
        c.li.title = start === null ? dateTime(props[key]) : `${dateTime(props[key])} · ${t('stageSince', { t: duration(at - start) })}`;
      }
    });
    tick();
  }

  setInterval(tick, 1000);
  return {
    root,
    /** The incident's properties (null: none open). */
    update(p) {
      props = p ?? null;
      render();
    },
    /** The target from the response statistics, in seconds. */
    setTarget(s) {
      if (Number.isFinite(s) && s > 0 && s !== target) {
        target = s;
        render();
      }
    },
    rerender: render,
    /** For tests: the stopwatch and each stage: {stage, done, next, since, at}. */
    get state() {
      return {
        alarm: alarmAt.textContent, elapsed: watch.textContent, level: watch.dataset.level ?? '', running: watch.dataset.running === 'true',
        target,
        stages: cells.map((c) => ({ stage: c.stage, label: c.name.textContent, done: c.li.classList.contains('done'),
          next: c.li.classList.contains('next'), skipped: c.li.classList.contains('skipped'), since: c.since.textContent, at: c.at.textContent })),
      };
    },
  };
}

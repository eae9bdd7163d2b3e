// The replay's time: the window (presets, custom from/to in Asia/Shanghai
// wall time) and its section of the side column, the clock that plays it at
// a speed, and the player bar under the map (play/pause, speeds, the
// slider, the clock).

import { t, timeOfDay, dateTime, duration } from './i18n.js';
import { el } from './incidentview.js';

const MIN = 60_000;
/** The presets: the last 15 min, 1 h, 6 h, 24 h up to now. */
export const PRESETS = [['15m', 15 * MIN], ['1h', 60 * MIN], ['6h', 360 * MIN], ['24h', 1440 * MIN]];
export const SPEEDS = [1, 10, 60, 300];
export const DEFAULT_SPEED = 60;

// Asia/Shanghai is UTC+8 all year: the custom fields show and take its wall time,
// wherever the browser is.
const SHANGHAI = 8 * 3600_000;

/** [from, to] of a preset ('15m', '1h', '6h', '24h') up to now, in whole seconds. */
export function presetWindow(key, now = Date.now()) {
  const to = Math.floor(now / 1000) * 1000;
  return [to - (PRESETS.find(([k]) => k === key)?.[1] ?? 3600_000), to];
}

/** Epoch ms → the value of an <input type="datetime-local"> in Shanghai time: 2026-11-23T14:05. */
export function toShanghaiInput(ms) {
  return Number.isFinite(ms) ? new Date(ms + SHANGHAI).toISOString().slice(0, 16) : '';
}

/** The value of an <input type="datetime-local"> read as Shanghai time → epoch ms, or NaN. */
export function fromShanghaiInput(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(String(s ?? ''));
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) - SHANGHAI;
}

/**
 * The clock: a window [from, to] (epoch ms), the time t shown, playing at
 * `speed` × real time. onChange(state) after every change and every frame
 * while playing; at `to` it stops. Playing from the end starts over.
 */
export function createClock({ onChange, raf = (f) => requestAnimationFrame(f), caf = (h) => cancelAnimationFrame(h), now = () => performance.now() } = {}) {
  const s = { from: 0, to: 0, t: 0, playing: false, speed: DEFAULT_SPEED };
  let frame = null;
  let last = 0;
  const emit = () => onChange?.(s);
  const clamp = (x) => Math.min(s.to, Math.max(s.from, x));
  const stopFrames = () => {
    if (frame !== null) caf(frame);
    frame = null;
  };
  const step = () => {
    const n = now();
    s.t = clamp(s.t + (n - last) * s.speed);
    last = n;
    if (s.t >= s.to) {
      s.playing = false;
      frame = null;
    } else frame = raf(step);
    emit();
  };
  return {
    state: s,
    /** A new window; t goes to `at` (default: the end, so everything is drawn first). */
    setWindow(from, to, at = to) {
      s.from = from;
      s.to = to;
      s.t = clamp(at);
      if (s.playing && s.t >= s.to) this.pause();
      else emit();
    },
    seek(x) {
      s.t = clamp(Number(x));
      last = now();
      emit();
    },
    play() {
      if (s.to <= s.from) return;
      if (s.t >= s.to) s.t = s.from;
      s.playing = true;
      last = now();
      stopFrames();
      frame = raf(step);
      emit();
    },
    pause() {
      s.playing = false;
      stopFrames();
      emit();
    },
    toggle() {
      if (s.playing) this.pause();
      else this.play();
    },
    setSpeed(x) {
      if (!SPEEDS.includes(x)) return;
      s.speed = x;
      emit();
    },
  };
}

/**
 * The player bar: ▶/❚❚, the speeds, the slider over the window and the
 * clock (date and time in Shanghai). Returns {root, render}.
 */
export function createPlayer(clock) {
  const root = el('div', 'replay-player');
  root.id = 'replay-player';
  const play = el('button', 'play');
  play.type = 'button';
  play.id = 'replay-play';
  play.addEventListener('click', () => clock.toggle());
  const speeds = el('div', 'speeds');
  for (const x of SPEEDS) {
    const b = el('button', null, `${x}×`);
    b.type = 'button';
    b.dataset.speed = String(x);
    b.addEventListener('click', () => clock.setSpeed(x));
    speeds.append(b);
  }
  const from = el('span', 'edge from');
  const slider = el('input');
  slider.type = 'range';
  slider.id = 'replay-slider';
  slider.step = '1000';
  slider.addEventListener('input', () => clock.seek(Number(slider.value)));
  const to = el('span', 'edge to');
  const now = el('span', 'clock');
  now.id = 'replay-clock';
  const date = el('span', 'date');
  const time = el('b', 'time');
  now.append(date, time);
  root.append(play, speeds, from, slider, to, now);

  const render = () => {
    const s = clock.state;
    const ready = s.to > s.from;
    play.disabled = !ready;
    play.textContent = s.playing ? '❚❚' : '▶';
    play.title = t(s.playing ? 'replay_pause' : 'replay_play');
    play.dataset.playing = String(s.playing);
    speeds.title = t('replay_speedTitle');
    for (const b of speeds.children) b.classList.toggle('on', Number(b.dataset.speed) === s.speed);
    slider.disabled = !ready;
    slider.min = String(s.from);
    slider.max = String(s.to);
    if (Number(slider.value) !== s.t) slider.value = String(s.t);
    slider.title = t('replay_sliderTitle');
    // How far along the window, for the filled part of the track.
    slider.style.setProperty('--p', ready ? `${(((s.t - s.from) / (s.to - s.from)) * 100).toFixed(2)}%` : '0%');
    from.textContent = ready ? timeOfDay(s.from).slice(0, 5) : '';
    to.textContent = ready ? timeOfDay(s.to).slice(0, 5) : '';
    date.textContent = ready ? dateTime(s.t).split(/[ ,]+/)[0] : '';
    time.textContent = ready ? timeOfDay(s.t) : '—';
    now.dataset.t = String(Math.round(s.t));
  };
  render();
  return { root, render };
}

/**
 * The window's section: the presets, a custom from/to (Shanghai wall time)
 * and the window in words. onPick(from, to, preset) when one is chosen;
 * render(window) shows the current one ({from, to, preset}).
 */
export function createWindowPicker({ onPick }) {
  const root = el('section', 'replay-window');
  root.id = 'replay-window';
  const h2 = el('h2');
  const presets = el('div', 'presets');
  let custom = false; // the custom fields are open
  let error = null;
  let shown = { from: 0, to: 0, preset: null };
  for (const [key] of [...PRESETS, ['custom']]) {
    const b = el('button');
    b.type = 'button';
    b.dataset.preset = key;
    b.addEventListener('click', () => {
      if (key !== 'custom') {
        custom = false;
        error = null;
        onPick(...presetWindow(key), key);
        return;
      }
      custom = !custom;
      render();
    });
    presets.append(b);
  }
  const form = el('form', 'custom');
  const fromL = el('label');
  const fromI = Object.assign(el('input'), { type: 'datetime-local', id: 'replay-from' });
  const toL = el('label');
  const toI = Object.assign(el('input'), { type: 'datetime-local', id: 'replay-to' });
  const apply = Object.assign(el('button'), { type: 'submit' });
  form.append(fromL, fromI, toL, toI, apply);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const from = fromShanghaiInput(fromI.value);
    const to = fromShanghaiInput(toI.value);
    error = from < to ? null : t('replay_badWindow');
    if (error) render();
    else onPick(from, to, 'custom');
  });
  const text = el('p', 'span');
  root.append(h2, presets, form, text);

  function render(w = shown) {
    shown = w;
    h2.textContent = t('replay_window');
    for (const b of presets.children) {
      b.textContent = t(`replay_preset_${b.dataset.preset}`);
      b.classList.toggle('on', b.dataset.preset === 'custom' ? custom || w.preset === 'custom' : w.preset === b.dataset.preset);
    }
    form.hidden = !custom;
    fromL.textContent = t('replay_from');
    toL.textContent = t('replay_to');
    apply.textContent = t('replay_apply');
    if (document.activeElement !== fromI) fromI.value = toShanghaiInput(w.from);
    if (document.activeElement !== toI) toI.value = toShanghaiInput(w.to);
    text.classList.toggle('error', Boolean(error));
    text.textContent = error ?? `${dateTime(w.from)} – ${w.to - w.from < 86_400_000 ? timeOfDay(w.to) : dateTime(w.to)} · ${duration(w.to - w.from)}`;
  }
  return { root, render };
}

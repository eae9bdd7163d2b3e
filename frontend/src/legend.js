// The legend, built only from the style's "lookout:legend" metadata: the
// server decides the colours, so the legend can never disagree with the map.
// Layers switched off in the panel drop out of the legend too, so what the
// wall explains is what the wall shows.

import { t, pick } from './i18n.js';

const SHAPES = new Set(['circle', 'fill', 'line']);

/** The style's legend entries: [{layer, title, items:[{label, color, shape}]}]. */
export function legendOf(style) {
  const l = style?.metadata?.['lookout:legend'];
  return Array.isArray(l) ? l.filter((e) => e && Array.isArray(e.items)) : [];
}

/** The first legend colour of each Lookout layer: the panel's swatch. */
export function swatches(style) {
  const out = new Map();
  for (const e of legendOf(style)) {
    const first = e.items.find((i) => i?.color);
    if (first && !out.has(e.layer)) out.set(e.layer, { color: first.color, shape: first.shape });
  }
  return out;
}

/** A small swatch drawn in CSS in the legend's shape (default circle). */
export function swatch({ color, shape }) {
  const s = document.createElement('span');
  s.className = 'swatch';
  s.dataset.shape = SHAPES.has(shape) ? shape : 'circle';
  s.style.setProperty('--c', color);
  return s;
}

/**
 * Renders the legend into el for the layers isVisible(name) says are shown.
 * Called again on a language change or a toggle; it is a few dozen nodes.
 */
export function renderLegend(el, style, isVisible) {
  el.replaceChildren();
  const entries = legendOf(style).filter((e) => isVisible(e.layer));
  el.hidden = entries.length === 0;
  if (el.hidden) return;
  const h = document.createElement('h2');
  h.textContent = t('legend');
  el.append(h);
  for (const entry of entries) {
    const sec = document.createElement('section');
    sec.dataset.layer = entry.layer;
    const title = document.createElement('h3');
    title.textContent = pick(entry.title, entry.layer);
    const items = document.createElement('ul');
    for (const item of entry.items) {
      const li = document.createElement('li');
      const label = document.createElement('span');
      label.textContent = pick(item.label, '');
      li.append(swatch(item), label);
      items.append(li);
    }
    sec.append(title, items);
    el.append(sec);
  }
}

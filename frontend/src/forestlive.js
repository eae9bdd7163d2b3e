// The forest view's live risk: one WebSocket to /ws subscribed to the
// server's derived "risk" layer over the heat grid's bbox at its zoom. The
// server pushes a cell when its danger class changes (coalesced every 2 s);
// the view recolours that hexagon at once instead of waiting for its next
// refresh. On any disconnect it reconnects with backoff (1 s → 15 s) and
// subscribes again; what it missed is in the next full reload of the grid.

import { socketURL } from './api.js';

const BACKOFF_MIN = 1000;
const BACKOFF_MAX = 15_000;

/**
 * Starts the risk feed. onCells([{h3, class, score, res}]) gets each
 * frame's changed cells. Returns {watch(bbox, zoom), stats}.
 */
export function startRiskFeed(onCells) {
  let socket = null;
  let want = null;
  let backoff = BACKOFF_MIN;
  const stats = { frames: 0, cells: 0, connected: false };

  const subscribe = () => {
    if (socket?.readyState === WebSocket.OPEN && want) {
      socket.send(JSON.stringify({ type: 'subscribe', layers: ['risk'], bbox: want.bbox, zoom: want.zoom }));
    }
  };
  const connect = () => {
    socket = new WebSocket(socketURL('/ws'));
    socket.onopen = () => {
      stats.connected = true;
      backoff = BACKOFF_MIN;
      subscribe();
    };
    socket.onmessage = (ev) => {
      let frame;
      try {
        frame = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (frame.type !== 'deltas') return;
      const cells = [];
      for (const d of frame.deltas ?? []) {
        const p = d.feature?.properties;
        if (p && d.feature.layer === 'risk') cells.push({ h3: d.feature.id, class: p.class, score: p.score, res: p.res });
      }
      if (!cells.length) return;
      stats.frames++;
      stats.cells += cells.length;
      onCells(cells);
    };
    socket.onclose = () => {
      stats.connected = false;
      setTimeout(connect, backoff * (0.75 + Math.random() / 2));
      backoff = Math.min(backoff * 2, BACKOFF_MAX);
    };
  };
  connect();
  return {
    /** Subscribes to the risk cells of a bbox ([w,s,e,n]) at a zoom. */
    watch(bbox, zoom) {
      want = { bbox, zoom: Math.round(zoom * 100) / 100 };
      subscribe();
    },
    stats,
  };
}

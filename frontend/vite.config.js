import { defineConfig } from 'vite';

// The built files are embedded into the Go binary (embed.go) and served by
// the Lookout server, which also serves /api. `npm run dev` proxies every
// server path the app uses (API, tiles, style, catalogue, glyphs, WebSocket)
// to a running server (LOOKOUT_URL, default 127.0.0.1:8080).
const target = process.env.LOOKOUT_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  // Relative asset URLs, so the app works wherever the server mounts it.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB minified; one chunk is fine for a map wall that
    // loads once and stays open for days.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': target,
      '/tiles': target,
      '/styles': target,
      '/catalog': target,
      '/fonts': target,
      '/ws': { target, ws: true },
    },
  },
});

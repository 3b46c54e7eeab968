import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Where `npm start` (via the server) serves the console from; e2e and the bench read it too. */
export const WEB_ROOT = import.meta.dirname;

/**
 * The console: a React app built into packages/web/dist and served by the server at `/`. In
 * development `npm run dev -w @jiefang/web` serves it with hot reload and proxies the API
 * (HTTP and the live WebSocket) to a server on 127.0.0.1:8080 (`npm start`). The Host header
 * is kept, so the basemap style's absolute tile URLs point back at this dev server.
 */
export default defineConfig({
  root: WEB_ROOT,
  plugins: [
    react(),
    // The installable app for phones: a Workbox service worker that precaches the app shell
    // (so the console opens without a signal) and keeps basemap tiles once fetched (the unit's
    // area is fetched ahead: src/offline/warm-area-tiles.ts). The API itself is never cached:
    // actions made offline wait in the outbox (src/offline/outbox.ts), not in the worker.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: 'Jiefang 街坊',
        short_name: '街坊',
        description: 'Command and dispatch for police, community emergency units and grid workers',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#0b1118',
        theme_color: '#0b1118',
        icons: [
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
        ],
      },
      workbox: {
        // Take over the open page at once: an app opened once keeps working offline.
        clientsClaim: true,
        skipWaiting: true,
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // MapLibre's chunk is ~1 MB: it is the map, so it belongs to the shell.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/health/],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/api/v1/tiles/'),
            handler: 'CacheFirst',
            options: {
              cacheName: 'jiefang-tiles',
              expiration: { maxEntries: 4000, maxAgeSeconds: 7 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
          {
            // The map's style: fresh when online, the last copy offline.
            urlPattern: ({ url }) => url.pathname.startsWith('/api/v1/basemap/'),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'jiefang-basemap',
              networkTimeoutSeconds: 4,
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  // MapLibre 6 starts its worker as a module worker; ours wraps MapLibre's (src/map/worker/).
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // MapLibre alone is ~1 MB minified: it, ECharts and React are each a chunk of their own
    // that the browser caches across releases of the console.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      // The timing notice reports how long plugins ran — on a shared or slow machine mostly the
      // PWA plugin writing the service worker after the bundle — not a problem of the code.
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true, changeOrigin: false },
      '/health': { target: 'http://127.0.0.1:8080' },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true, changeOrigin: false },
    },
  },
});

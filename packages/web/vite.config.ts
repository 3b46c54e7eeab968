import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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
  plugins: [react()],
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

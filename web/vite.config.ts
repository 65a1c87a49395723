// The console's build (npm start builds it once; scripts/setup.mjs) and its dev server (npm run dev:web):
// hot reload with /api and /healthz proxied to a running API (API_URL, default http://127.0.0.1:3000).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': { target: api, changeOrigin: false }, '/healthz': { target: api } },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // No inline <script> or data: modules in index.html: the page runs under script-src 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
});

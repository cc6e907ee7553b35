import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = import.meta.dirname;
const repo = path.resolve(root, '../..');
const backend = 'http://localhost:3000';

const vendor = (...names: string[]) => new RegExp(`[\\\\/]node_modules[\\\\/](${names.join('|')})[\\\\/]`);

export default defineConfig({
  root,
  plugins: [
    react(),
    // The installable app (issue 17): a manifest and a Workbox service worker that precaches the built
    // shell, so the app opens with no signal. API data is not cached by the worker: the pages that work
    // offline keep what they need in IndexedDB themselves (src/web/offline/), scoped to the signed-in person.
    VitePWA({
      strategies: 'generateSW',
      // Registered from main.tsx; a new version waits until every tab of the old one is closed, so an
      // inspector is never reloaded in the middle of a form.
      injectRegister: null,
      registerType: 'prompt',
      includeAssets: ['favicon.svg'],
      manifest: {
        name: '安校 · 校园安全管理平台',
        short_name: '安校',
        description: '区教育局与学校的校园安全管理平台',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1677ff',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          // The shield sits inside the middle 75%, within the safe zone of a maskable icon.
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // The chart chunk is over Workbox's 2 MiB default; a dashboard opened offline still needs it.
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        navigateFallback: '/index.html',
        // The API, its docs and the health probes are the server's, never the app shell.
        navigateFallbackDenylist: [/^\/api\//, /^\/(healthz|livez|readyz)/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    outDir: path.join(repo, 'dist/web'),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // React and the router change rarely: one long-cached chunk. antd is left to the bundler, so each
        // page loads only the components it uses (one antd chunk would put ~350 kB gzip before login).
        codeSplitting: {
          groups: [
            { name: 'react', test: vendor('react', 'react-dom', 'scheduler', 'react-router', '@tanstack') },
            { name: 'zod', test: vendor('zod') },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
    },
  },
});

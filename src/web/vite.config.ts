import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
const repo = path.resolve(root, '../..');
const backend = 'http://localhost:3000';

const vendor = (...names: string[]) => new RegExp(`[\\\\/]node_modules[\\\\/](${names.join('|')})[\\\\/]`);

export default defineConfig({
  root,
  plugins: [react()],
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

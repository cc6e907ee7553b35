import { defineConfig } from 'vitest/config';

// Three tiers (STYLE.md): pure rules, the API through app.inject on a fresh migrated database,
// and end to end in Chromium. The API tier runs on PGlite, or on PostgreSQL when
// TEST_DATABASE_URL names a server (npm test runs it both ways when it is set).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/domain/**/*.test.ts', 'src/server/config.test.ts', 'src/server/imports/workbook.test.ts', 'scripts/import-graph.test.ts', 'bench/start-flags.test.ts', 'scripts/echarts-registry.test.ts', 'scripts/web-forms.test.ts', 'src/web/offline/outbox-rules.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'api',
          include: ['src/server/**/*.test.ts'],
          exclude: ['src/server/config.test.ts', 'src/server/imports/workbook.test.ts'],
          globalSetup: ['src/server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Each file builds its own app on its own database; sharing the loaded modules between the
          // files of one worker saves importing the whole server again for every file.
          isolate: false,
          // Every response is written by the compiled serialiser and by zod, and the test fails where
          // the two differ (src/server/serializer.ts): the compiled one answers as zod did.
          env: { ANXIAO_SERIALISER_CHECK: '1' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // One worker imports the server and playwright once for all the files, as the API tier does
          // (each file still starts its own server on its own copy of the demo district).
          isolate: false,
          // A page shows its cached list at once and refetches behind it; on a loaded machine the
          // refetch takes longer than expect.poll's default second (CI failed on it once).
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});

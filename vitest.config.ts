import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the two programs once if a source changed, so the tests that start them use the
    // prebuilt ones rather than each rebuilding them (prebuilt/launch.js).
    globalSetup: ['test/support/prebuild.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

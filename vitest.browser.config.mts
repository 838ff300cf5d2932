import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core against `next start`.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    // A test that fails is run again (twice at most) before it counts as failed: four UI tests
    // (designer conflict banner, import history, walking-skeleton validate, per-customer reject)
    // each failed once in several full runs on this 2-core machine and passed alone. The flakes are
    // listed in the issue notes to be fixed at their cause; a retry is not a fix.
    retry: 2,
    pool: 'forks',
  },
});

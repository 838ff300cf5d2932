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
    // No retries: the tests of a file build on one another (one page, one campaign), so a retry
    // runs on a changed page and only multiplies one failure into a wall of them.
    pool: 'forks',
  },
});

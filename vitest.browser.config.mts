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
    pool: 'forks',
  },
});

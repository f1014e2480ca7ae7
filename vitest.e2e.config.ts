import { defineConfig } from 'vitest/config';

/** End-to-end tests that need a browser (Debian's chromium): `npm run test:e2e`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});

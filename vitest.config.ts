import { defineConfig } from 'vitest/config'

// One run, three projects: `pnpm test` runs them all and ends with `N passed, N failed`.
export default defineConfig({
  test: {
    reporters: ['default', './scripts/test/summary-reporter.ts'],
    passWithNoTests: true,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/components/**/*.test.ts', 'templates/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts'],
          globalSetup: ['packages/db/src/testing/global-setup.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          globalSetup: ['e2e/support/global-setup.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Browser journeys share two app servers; run them one file at a time on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
})

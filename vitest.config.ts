import { defineConfig } from 'vitest/config'

// One run, three projects: `pnpm test` runs them all and ends with `N passed, N failed`.
// FLECTAR_HARNESS_FIXTURES=1 adds deliberately failing files to each project, for the test of
// this harness itself (e2e/test-harness.spec.ts); a normal run never sees them.
const harness = process.env.FLECTAR_HARNESS_FIXTURES === '1'
const fixtures = (project: string) => (harness ? [`scripts/test/fixtures/*.${project}.fixture.ts`] : [])
export default defineConfig({
  test: {
    reporters: ['default', './scripts/test/summary-reporter.ts'],
    passWithNoTests: true,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/integrations/*/src/**/*.test.ts', 'packages/*/components/**/*.test.ts', 'packages/app-base/server/**/*.test.ts', 'templates/**/*.test.ts', 'scripts/**/*.test.ts', ...fixtures('unit')],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          env: { TZ: 'UTC' },
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', ...fixtures('integration')],
          globalSetup: ['packages/db/src/testing/global-setup.ts'],
          env: { TZ: 'UTC' },
          // Two at a time even on 2 cores (vitest's default there is one): each file has a
          // database of its own, and half their time is PostgreSQL's, in another process.
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts', ...fixtures('e2e')],
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

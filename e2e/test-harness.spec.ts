import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './support/apps'

/** Runs vitest as a developer would, on one deliberately failing fixture of `project`. */
async function runFixture(project: 'unit' | 'integration' | 'e2e') {
  const child = spawn('pnpm', ['exec', 'vitest', 'run', '--project', project, `scripts/test/fixtures/failing.${project}.fixture.ts`], {
    cwd: repoRoot,
    env: { ...process.env, FLECTAR_HARNESS_FIXTURES: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  return { code, output }
}

// The test of the test harness: a failing test must fail the run, whatever the project (the
// integration and e2e projects start a PostgreSQL, the e2e one the built apps too).
describe('the test harness', () => {
  it.each(['unit', 'integration', 'e2e'] as const)('exits non-zero when a test of the %s project fails, and says so in its last line', async (project) => {
    const { code, output } = await runFixture(project)
    expect(code, output).not.toBe(0)
    expect(code, output).not.toBeNull()
    expect(output.trimEnd().split('\n').at(-1), output).toBe('1 passed, 1 failed')
  }, 180_000)
})

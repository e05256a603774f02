// `pnpm bench:cluster`: two of everything on one PostgreSQL — 2 site, 2 admin and 2 worker
// processes from the production builds, a round-robin proxy in front of each app pair — and
// the checks that they behave as one: cache purges, shared rate limits, one booking per slot,
// a killed worker, a PostgreSQL restart. Prints PASS/FAIL with figures and the throughput of
// the pair against one instance; exits 1 when a check fails (or the bench cannot run).
import os from 'node:os'
import { adminClient } from './support/cluster-http'
import { checkOneOfManyBookings, checkPostgresRestart } from './support/cluster-bookings'
import { checkPublishPurgesBothSites, checkRateLimitsShared, type CheckResult } from './support/cluster-checks'
import { startClusterStack, type ClusterStack } from './support/cluster-stack'
import { measureThroughput, THROUGHPUT_LOAD } from './support/cluster-throughput'
import { checkWorkerKilledMidJob, checkWorkersAfterRestart } from './support/cluster-worker'

const load = () => os.loadavg().map(value => value.toFixed(2)).join(' ')

function print(result: CheckResult) {
  console.log(`${result.pass ? 'PASS' : 'FAIL'}  ${result.label}`)
  for (const figure of result.figures) console.log(`      ${figure}`)
}

/** Runs one check; a check that throws is a FAIL with its message, and the others still run. */
async function run(label: string, check: () => Promise<CheckResult>): Promise<CheckResult> {
  const result = await check().catch((error: Error) => ({ label, pass: false, figures: [`could not run: ${error.message}`] }))
  print(result)
  return result
}

async function throughput(stack: ClusterStack) {
  const rows = await measureThroughput(stack)
  console.log(`\nThroughput (${THROUGHPUT_LOAD}; autocannon in this process, the proxies in processes of their own):`)
  const lines = [['endpoint', 'target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'], ...rows.map(({ endpoint, target, result }) => [
    endpoint, target, result.requests.average.toFixed(0), String(result.latency.p50), String(result.latency.p99), String(result.non2xx), String(result.errors + result.timeouts),
  ])]
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map(line => line[column]!.length)))
  for (const line of lines) console.log(line.map((cell, column) => column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)).join('  '))
  for (const endpoint of new Set(rows.map(row => row.endpoint))) {
    const [direct, proxiedOne, pair] = rows.filter(row => row.endpoint === endpoint).map(row => row.result.requests.average)
    console.log(`${endpoint}: pair / one instance directly = ${(pair! / direct!).toFixed(2)}; pair / one instance through the proxy = ${(pair! / proxiedOne!).toFixed(2)}`)
  }
}

async function main() {
  console.log(`bench:cluster on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average before the run ${load()}.`)
  console.log('Every process (PostgreSQL, 4 app servers, 2 workers, 3 proxies, this load generator) shares these cores: the pair cannot have more CPU than one instance here.\n')
  const began = performance.now()
  const stack = await startClusterStack()
  let failed: number
  try {
    console.log(`Started in ${((performance.now() - began) / 1000).toFixed(1)} s: sites :${stack.sites.map(app => app.port).join(', :')} behind :${stack.proxies.sites}, admins :${stack.admins.map(app => app.port).join(', :')} behind :${stack.proxies.admins}, 2 workers.\n`)
    const admin = adminClient(stack.adminUrl)
    await admin.signIn(stack.proxies.admins, stack.seed.ownerEmail, stack.seed.ownerPassword)
    const results = [
      await run('(a) a publish on one admin purges the page on both sites within 1 s', () => checkPublishPurgesBothSites(stack, admin, '(a) a publish on one admin purges the page on both sites within 1 s')),
      await run('(b) rate limits are shared by the instances', () => checkRateLimitsShared(stack, admin)),
      await run('(c) 200 concurrent bookings of one slot over both sites → exactly one', () => checkOneOfManyBookings(stack)),
      await run('(d) a worker killed mid-job → the job completes exactly once on the other', () => checkWorkerKilledMidJob(stack)),
      await run('(e) PostgreSQL restarted mid-load → healthy within 5 s, no booking lost or doubled', () => checkPostgresRestart(stack)),
      // After the restart: the sites' LISTEN for purges must be back too.
      await run('(e) after the restart, a publish still purges both sites within 1 s', () => checkPublishPurgesBothSites(stack, admin, '(e) after the restart, a publish still purges both sites within 1 s')),
      await run('(e) after the restart, both workers still run and deliver email', () => checkWorkersAfterRestart(stack)),
    ]
    failed = results.filter(result => !result.pass).length
    await throughput(stack)
  }
  finally {
    await stack.stop()
  }
  console.log(`\n${failed === 0 ? 'All checks passed' : `${failed} check(s) FAILED`}. Load average after the run ${load()}; ${((performance.now() - began) / 1000).toFixed(0)} s in all.`)
  process.exitCode = failed === 0 ? 0 : 1
}

main().catch((error: Error) => {
  console.error(error)
  process.exitCode = 1
})

// `pnpm bench:payments`: 1,000 signed Redsys notifications (800 payments, 200 re-sent, some at
// the same moment as their original) posted concurrently to the built admin, applied by the
// built worker. Checks that each payment changes exactly once and its booking is confirmed,
// and prints the delivery rate, the answer latency and the time from delivery to applied
// state. Exits 1 when a check fails (or the bench cannot run).
import os from 'node:os'
import { checkEmailsOnce, checkExactlyOnce, deliveryToApplied, waitUntilApplied, type CheckResult } from './support/payments-checks'
import { planDeliveries, sendDeliveries } from './support/payments-deliveries'
import { startPaymentsStack } from './support/payments-stack'

const PAYMENTS = 800
const DUPLICATES = 200
/** Duplicates sent right after their original, so both are in flight at once. */
const TWINS = 50
const CONCURRENCY = 50
const APPLY_TIMEOUT_MS = 60_000
/** After everything is applied, one more worker round: a doubled change would show up in it. */
const SETTLE_MS = 1500

const load = () => os.loadavg().map(value => value.toFixed(2)).join(' ')
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!
const ms = (value: number) => value.toFixed(value < 10 ? 1 : 0)

function print(result: CheckResult) {
  console.log(`${result.pass ? 'PASS' : 'FAIL'}  ${result.label}`)
  for (const figure of result.figures) console.log(`      ${figure}`)
}

/** How many payments were applied within each whole second of their delivery: the worker's rounds show as steps. */
function bySecond(lags: number[]): string {
  const buckets = new Map<number, number>()
  for (const lag of lags) buckets.set(Math.floor(lag / 1000), (buckets.get(Math.floor(lag / 1000)) ?? 0) + 1)
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([second, n]) => `${second}–${second + 1} s: ${n}`).join(', ')
}

async function main() {
  console.log(`bench:payments on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average before the run ${load()}.`)
  console.log('One admin and one worker from the production builds, PostgreSQL and this load generator share these cores.\n')
  const began = performance.now()
  const stack = await startPaymentsStack(PAYMENTS)
  let failed: number
  try {
    const { seed } = stack
    console.log(`Started in ${((performance.now() - began) / 1000).toFixed(1)} s: admin :${stack.admin.port}, 1 worker; ${PAYMENTS} pending Redsys payments seeded.`)
    const plan = planDeliveries(seed.secretKey, seed.pending, DUPLICATES, TWINS)
    console.log(`Sending ${plan.length} notifications (${PAYMENTS} payments, ${DUPLICATES} re-sent, ${TWINS} of them right after their original), ${CONCURRENCY} at a time over keep-alive connections.\n`)

    const sent = performance.now()
    const { answers, seconds } = await sendDeliveries(stack.admin.port, seed.projectId, plan, CONCURRENCY)
    const applied = await waitUntilApplied(stack.db, seed.projectId, PAYMENTS, APPLY_TIMEOUT_MS)
    const allAppliedSeconds = (performance.now() - sent) / 1000
    if (applied) await new Promise(resolve => setTimeout(resolve, SETTLE_MS))

    const results: CheckResult[] = [
      { label: `every payment applied within ${APPLY_TIMEOUT_MS / 1000} s`, pass: applied, figures: [`${allAppliedSeconds.toFixed(1)} s from the first delivery sent to the last payment applied`] },
      ...await checkExactlyOnce(stack.db, seed.projectId, answers, PAYMENTS, DUPLICATES),
      await checkEmailsOnce(stack.db, seed.projectId, PAYMENTS),
    ]
    for (const result of results) print(result)
    failed = results.filter(result => !result.pass).length

    const latencies = answers.map(answer => answer.ms)
    const { lagsMs: lags, applyingSeconds } = await deliveryToApplied(stack.db, seed.projectId)
    console.log(`\nDeliveries: ${(answers.length / seconds).toFixed(0)} req/s (${answers.length} in ${seconds.toFixed(2)} s); answer latency p50 ${ms(percentile(latencies, 50))} ms, p99 ${ms(percentile(latencies, 99))} ms, max ${ms(Math.max(...latencies))} ms.`)
    if (lags.length > 0) {
      console.log(`Delivery → applied (${lags.length} payments, database clock: inbox received_at → payment_events created_at): p50 ${ms(percentile(lags, 50))} ms, p99 ${ms(percentile(lags, 99))} ms, max ${ms(Math.max(...lags))} ms.`)
      console.log(`      applied within N s of delivery: ${bySecond(lags)}`)
      console.log(`      the worker applied ${lags.length} in ${applyingSeconds.toFixed(1)} s from its first change to its last (${(lags.length / Math.max(applyingSeconds, 0.001)).toFixed(0)}/s, ${ms((applyingSeconds * 1000) / lags.length)} ms each).`)
    }
    console.log('The worker looks at the inbox every second (~0.5 s of waiting on average) and works a burst through in one go, three')
    console.log('deliveries at a time, each in a transaction of its own (payment, history row, booking, the customer\'s and the owner\'s')
    console.log('emails): the figure above is mostly a burst waiting for the deliveries before it, not the poll interval.')
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

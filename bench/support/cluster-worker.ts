import { randomBytes } from 'node:crypto'
import { eq, inArray } from 'drizzle-orm'
import { outboxMessages } from '@flectar/db'
import { enqueueEmail } from '@flectar/messaging'
import { msUntil } from './cluster-http'
import type { ClusterStack } from './cluster-stack'
import type { CheckResult } from './cluster-checks'

const EMAILS = 40
/** How long each relay holds the provider's answer: long enough to kill a worker while it waits. */
const HOLD_MS = 150

/**
 * (d) 40 emails in the outbox, both workers delivering them to the Resend fake through their
 * relays; worker 1 is killed (SIGKILL) while it waits for the provider's answer to one of them,
 * after the provider took it. Every email must reach the fake exactly once: the other worker
 * sends the rest, including the one in flight, which it sends again under the same idempotency
 * key (the outbox row id) so the provider keeps the first copy.
 */
export async function checkWorkerKilledMidJob(stack: ClusterStack): Promise<CheckResult> {
  const [first, second] = stack.relays as [typeof stack.relays[0], typeof stack.relays[0]]
  const marker = `cluster-kill-${randomBytes(4).toString('hex')}`
  for (const relay of stack.relays) relay.holdMs = HOLD_MS
  const ids: string[] = []
  for (let index = 0; index < EMAILS; index++) {
    ids.push((await enqueueEmail(stack.db, { to: `kill-${index}@example.com`, subject: `${marker} ${index}`, text: `Email ${index} of the worker-kill check.`, template: 'bench.cluster' })).id)
  }
  const ours = new Set(ids)
  const ownAnswered = (relay: typeof first) => relay.answered.filter(key => ours.has(key)).length

  // Kill worker 1 while it waits for an answer, once it has sent a few.
  const started = performance.now()
  const armed = await msUntil(async () => ownAnswered(first) >= 3 && first.inFlight === 1 && ours.has(first.received.at(-1)!), started, 20_000, 2)
  if (armed === undefined) throw new Error(`Worker 1 never had an email of the check in flight (it answered ${ownAnswered(first)}, worker 2 ${ownAnswered(second)})`)
  const inFlightKey = first.received.at(-1)!
  stack.workers[0]!.process.kill('SIGKILL')
  const killedAt = performance.now()
  const beforeKill = { first: ownAnswered(first), second: ownAnswered(second) }
  await stack.workers[0]!.exited

  const rowsSent = async () => (await stack.db.select({ status: outboxMessages.status }).from(outboxMessages).where(inArray(outboxMessages.id, ids))).every(row => row.status === 'sent')
  const allSentMs = await msUntil(rowsSent, killedAt, 30_000, 50)
  for (const relay of stack.relays) relay.holdMs = 0
  stack.startWorker(0)
  const rows = await stack.db.select({ id: outboxMessages.id, status: outboxMessages.status, providerMessageId: outboxMessages.providerMessageId }).from(outboxMessages).where(inArray(outboxMessages.id, ids))

  // What the provider accepted (the fake keeps one entry per idempotency key), and what it was asked.
  const accepted = stack.resend.sent.filter(email => String(email.body.subject).startsWith(`${marker} `))
  const acceptedSubjects = new Set(accepted.map(email => String(email.body.subject)))
  const asked = stack.resend.requests.filter(request => typeof request.body === 'object' && String((request.body as { subject?: string }).subject).startsWith(`${marker} `))
  const keysAsked = asked.map(request => String(request.headers['idempotency-key']))
  const resentKeys = [...new Set(keysAsked.filter((key, index) => keysAsked.indexOf(key) !== index))]
  const inFlightRow = rows.find(row => row.id === inFlightKey)
  const firstCopy = accepted.find(email => email.body.subject === `${marker} ${ids.indexOf(inFlightKey)}`)
  const pass = allSentMs !== undefined && accepted.length === EMAILS && acceptedSubjects.size === EMAILS
    && second.received.includes(inFlightKey) && firstCopy !== undefined && inFlightRow?.providerMessageId === firstCopy.id
  return {
    label: '(d) a worker killed mid-job → the job completes exactly once on the other',
    pass,
    figures: [
      `${EMAILS} outbox emails; each provider answer held ${HOLD_MS} ms; worker 1 SIGKILLed ${(killedAt - started).toFixed(0)} ms in, with 1 email in flight (already accepted by the provider), after worker 1 had ${beforeKill.first} and worker 2 ${beforeKill.second} answered`,
      `all ${EMAILS} rows 'sent' ${allSentMs === undefined ? 'NEVER (30 s)' : `${allSentMs.toFixed(0)} ms`} after the kill; worker 2 delivered ${ownAnswered(second) - beforeKill.second} after it, the email in flight included: ${second.received.includes(inFlightKey) ? 'yes' : 'NO'}`,
      `provider: ${asked.length} requests for ${EMAILS} emails, ${resentKeys.length} sent again under the same idempotency key; ${accepted.length} emails accepted, ${acceptedSubjects.size} distinct; the in-flight row keeps the provider's first id: ${inFlightRow?.providerMessageId === firstCopy?.id ? 'yes' : 'NO'}`,
    ],
  }
}

/** What a crashed process printed last, without its JSON log lines: Node's uncaught error and stack. */
function uncaughtError(output: string): string {
  return output.trim().split('\n').filter(line => line.trim() && !line.startsWith('{')).slice(-14).join(' | ').slice(-1500)
}

/** After the PostgreSQL restart: both workers still run and deliver a new email within 10 s. */
export async function checkWorkersAfterRestart(stack: ClusterStack): Promise<CheckResult> {
  const running = stack.workers.map(worker => worker.process.exitCode === null && worker.process.signalCode === null)
  const subject = `cluster-after-restart-${randomBytes(4).toString('hex')}`
  // The bookings of the restart check queued their confirmations: the new email comes after them.
  const backlog = (await stack.db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.status, 'pending'))).length
  const enqueuedAt = performance.now()
  await enqueueEmail(stack.db, { to: 'after-restart@example.com', subject, text: 'Sent after the restart.', template: 'bench.cluster' })
  const deliveredMs = await msUntil(async () => stack.resend.sent.some(email => email.body.subject === subject), enqueuedAt, 10_000, 50)
  const deaths = stack.workers.flatMap((worker, index) => running[index] ? [] : [`worker ${index + 1} said: ${uncaughtError(worker.output())}`])
  return {
    label: '(e) after the restart, both workers still run and deliver email',
    pass: running.every(Boolean) && deliveredMs !== undefined,
    figures: [`workers running: ${running.map((alive, index) => `worker ${index + 1} ${alive ? 'yes' : `NO (exit ${stack.workers[index]!.process.exitCode ?? stack.workers[index]!.process.signalCode})`}`).join(', ')}; a new email enqueued behind ${backlog} pending ones delivered ${deliveredMs === undefined ? 'NEVER (10 s)' : `${deliveredMs.toFixed(0)} ms`} after it was enqueued (limit 10 s; the outbox runs every 2 s)`, ...deaths],
  }
}

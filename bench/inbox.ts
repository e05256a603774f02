// `pnpm bench:inbox`: the unified inbox over 100,000 messages in 1,000 conversations of one
// project (plus another org's noise): p50/p95/p99 of `listInbox` for the first page, a channel
// filter, page 3 by cursor, a word in 1 % of the messages and a customer's surname, with the
// search plans (is the GIN index used?); then outbox throughput, replies queued with
// `sendConversationReply` and delivered by `deliverPendingMessages` to the Twilio, WhatsApp and
// Resend fakes, against plain emails through the same outbox as the baseline. Prints PASS/MISS
// next to each target; a miss is not a failure.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { drizzle } from 'drizzle-orm/postgres-js'
import { sql as raw } from 'drizzle-orm'
import { createDb, memberships, organizations, projects, runMigrations, users, type Db } from '@flectar/db'
import { createDatabase, dropDatabase, startTestPostgres, uniqueDatabaseName } from '@flectar/db/testing'
import { inboxQuerySchema, listInbox, type ProjectScope } from '@flectar/messaging'
import { COMMON_WORD, RARE_WORD, SEARCHED_SURNAME, seedInboxProject } from './support/inbox-seed'
import { drainOutbox, outboxLeft, queueEmails, queueReplies, REPLY_CHANNELS, startOutboxStack, type Drained, type ReplyChannel } from './support/inbox-outbox'

const TARGETS = { listP95Ms: 50 }
const ITERATIONS = Number(process.env.ITERATIONS ?? 200)
const WARMUP = 20
const MESSAGES = 100_000
const CUSTOMERS = 1_000
const NOISE = { customers: 200, messages: 10_000 }
/** Replies through the outbox, a third per channel. */
const REPLIES = Number(process.env.REPLIES ?? 2_000)

const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS')
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1)
const seconds = (began: number) => ((performance.now() - began) / 1000).toFixed(1)

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)))
  return rows.map(row => row.map((cell, column) => column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)).join('  ')).join('\n')
}

interface Seeded { scope: ProjectScope, memberId: string }

async function seed(db: Db, sql: ReturnType<typeof createDb>['sql']): Promise<Seeded> {
  const now = new Date()
  const [org, noiseOrg] = await db.insert(organizations).values([{ name: 'Bench salon', slug: 'bench-inbox' }, { name: 'Noise', slug: 'bench-inbox-noise' }]).returning()
  const [project, noiseProject] = await db.insert(projects).values([
    { orgId: org!.id, name: 'Salón Bench', slug: 'bench-inbox' },
    { orgId: noiseOrg!.id, name: 'Noise', slug: 'bench-inbox-noise' },
  ]).returning()
  const [member, noiseMember] = await db.insert(users).values([{ email: 'owner@bench.example', name: 'Owner' }, { email: 'owner@noise.example', name: 'Noise' }]).returning()
  await db.insert(memberships).values([{ orgId: org!.id, userId: member!.id, role: 'owner' }, { orgId: noiseOrg!.id, userId: noiseMember!.id, role: 'owner' }])
  const scope = { orgId: org!.id, projectId: project!.id }
  await seedInboxProject(db, sql, scope, { customers: CUSTOMERS, messages: MESSAGES, providerIdPrefix: 'bench-', memberId: member!.id, now })
  await seedInboxProject(db, sql, { orgId: noiseOrg!.id, projectId: noiseProject!.id }, { ...NOISE, providerIdPrefix: 'noise-', memberId: noiseMember!.id, now })
  // What autovacuum would have done by the time an inbox this size exists: statistics, the GIN
  // pending list merged, the visibility map set.
  await sql`vacuum analyze customers, conversations, conversation_messages`
  return { scope, memberId: member!.id }
}

interface Scenario { label: string, query: Record<string, unknown> }

async function measure(db: Db, seeded: Seeded, scenario: Scenario) {
  const query = inboxQuerySchema.parse(scenario.query)
  const call = () => listInbox(db, seeded.scope.orgId, seeded.memberId, query)
  for (let index = 0; index < WARMUP; index++) await call()
  const timings: number[] = []
  let rows = 0
  for (let index = 0; index < ITERATIONS; index++) {
    const start = performance.now()
    rows = (await call()).data.length
    timings.push(performance.now() - start)
  }
  return { ...scenario, rows, p50: percentile(timings, 50), p95: percentile(timings, 95), p99: percentile(timings, 99) }
}

/** The `nextCursor` after `pages` pages of the default list. */
async function cursorAfter(db: Db, seeded: Seeded, pages: number): Promise<string> {
  let cursor: string | undefined
  for (let page = 0; page < pages; page++) {
    cursor = (await listInbox(db, seeded.scope.orgId, seeded.memberId, inboxQuerySchema.parse({ cursor }))).nextCursor ?? undefined
    if (!cursor) throw new Error(`The inbox has fewer than ${pages + 1} pages`)
  }
  return cursor!
}

/** The list query `listInbox` sends for `query`, under EXPLAIN (ANALYZE, BUFFERS): node lines, whether the GIN index was used, the times. */
async function explainList(sql: ReturnType<typeof createDb>['sql'], seeded: Seeded, query: Record<string, unknown>) {
  const captured: Array<{ text: string, params: unknown[] }> = []
  const logged = drizzle({ client: sql, casing: 'snake_case', logger: { logQuery: (text, params) => void captured.push({ text, params }) } }) as unknown as Db
  await listInbox(logged, seeded.scope.orgId, seeded.memberId, inboxQuerySchema.parse(query))
  const list = captured.find(entry => /\blimit\b/i.test(entry.text))!
  const plan = (await sql.unsafe(`explain (analyze, buffers, costs off) ${list.text}`, list.params as never[])).map(row => String(row['QUERY PLAN']))
  // Only plan nodes carry an `(actual time=…)`; their detail lines (Filter, Buffers, …) do not.
  const nodes = plan.filter(line => line.includes('(actual time='))
  const time = (label: string) => plan.find(line => line.startsWith(label))?.replace(`${label}: `, '') ?? '?'
  return { nodes, usesGin: plan.some(line => line.includes('conversation_messages_search_idx')), planning: time('Planning Time'), execution: time('Execution Time'), buffers: plan.find(line => /^\s*Buffers:/.test(line))?.trim() ?? '' }
}

const rate = (drained: Drained) => drained.sent / drained.seconds

async function outboxThroughput(db: Db, seeded: Seeded) {
  const stack = await startOutboxStack(db, seeded.scope)
  try {
    const third = Math.round(REPLIES / 3)
    const all = Object.fromEntries(REPLY_CHANNELS.map(channel => [channel, third])) as Record<ReplyChannel, number>
    // Warm-up: SDK clients, keep-alive sockets, prepared plans; thrown away.
    await queueReplies(db, stack, seeded.scope, seeded.memberId, { sms: 10, whatsapp: 10, email: 10 })
    await drainOutbox(db, stack.transport, stack.channels)

    // The baseline first and last, and their mean, so drift over the run (caches, JIT) falls on neither side.
    const plainEmails = async () => {
      await queueEmails(db, seeded.scope, third * 3)
      return await drainOutbox(db, stack.transport)
    }
    const baselineFirst = await plainEmails()
    const queuedIn = await queueReplies(db, stack, seeded.scope, seeded.memberId, all)
    const mixed = await drainOutbox(db, stack.transport, stack.channels)
    const perChannel: Array<[ReplyChannel, Drained]> = []
    for (const channel of REPLY_CHANNELS) {
      await queueReplies(db, stack, seeded.scope, seeded.memberId, { [channel]: third })
      perChannel.push([channel, await drainOutbox(db, stack.transport, stack.channels)])
    }
    const baselineLast = await plainEmails()
    const baseline = { sent: baselineFirst.sent, failed: baselineFirst.failed + baselineLast.failed, seconds: (baselineFirst.seconds + baselineLast.seconds) / 2 }
    const left = await outboxLeft(db)
    const onFakes = { sms: stack.fakes.twilio.sent.length, whatsapp: stack.fakes.whatsapp.sent.length, email: stack.fakes.resend.sent.length }
    console.log(`\nOutbox: ${third * 3} replies (${third} per channel over ${stack.threads.sms.length}/${stack.threads.whatsapp.length}/${stack.threads.email.length} SMS/WhatsApp/email conversations) queued by sendConversationReply at ${(third * 3 / queuedIn).toFixed(0)}/s, then deliverPendingMessages in batches of 20 until empty.`)
    const rows = [['run', 'messages', 'failed', 'seconds', 'messages/s', 'ratio to baseline mean']]
    const row = (label: string, drained: Drained) => [label, String(drained.sent), String(drained.failed), drained.seconds.toFixed(2), rate(drained).toFixed(0), (rate(drained) / rate(baseline)).toFixed(2)]
    rows.push(row('baseline (first): plain emails, old path', baselineFirst))
    rows.push(row('baseline (last): plain emails, old path', baselineLast))
    rows.push(row('replies, SMS + WhatsApp + email interleaved', mixed))
    for (const [channel, drained] of perChannel) rows.push(row(`replies, ${channel} only`, drained))
    console.log(table(rows))
    console.log(`Left in the outbox: ${left.pending} pending, ${left.failed} failed ${mark(left.pending === 0 && left.failed === 0)}. On the fakes: Twilio ${onFakes.sms}, WhatsApp ${onFakes.whatsapp}, Resend ${onFakes.email} (expected ${10 + 2 * third}, ${10 + 2 * third}, ${10 + 8 * third} with the warm-up and the plain emails) ${mark(onFakes.sms === 10 + 2 * third && onFakes.whatsapp === 10 + 2 * third && onFakes.email === 10 + 8 * third)}.`)
  }
  finally {
    await stack.close()
  }
}

async function main() {
  const load = os.loadavg().map(value => value.toFixed(2)).join(' ')
  console.log(`bench:inbox on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average before the run ${load}.`)
  const server = await startTestPostgres()
  const name = uniqueDatabaseName('flectar_bench_inbox')
  const url = await createDatabase(server.adminUrl, name)
  const connection = createDb(url, { max: 4 })
  try {
    await runMigrations(url)
    const { db, sql } = connection
    let began = performance.now()
    const seeded = await seed(db, sql)
    const [counts] = await db.execute<{ messages: number, matching: number, conversations: number, common: number, customers: number }>(raw`
      select (select count(*)::int from conversation_messages where org_id = ${seeded.scope.orgId}) as messages,
        (select count(*)::int from conversation_messages where org_id = ${seeded.scope.orgId} and search @@ websearch_to_tsquery('simple', ${RARE_WORD})) as matching,
        (select count(distinct conversation_id)::int from conversation_messages where org_id = ${seeded.scope.orgId} and search @@ websearch_to_tsquery('simple', ${RARE_WORD})) as conversations,
        (select count(*)::int from conversation_messages where org_id = ${seeded.scope.orgId} and search @@ websearch_to_tsquery('simple', ${COMMON_WORD})) as common,
        (select count(*)::int from customers where project_id = ${seeded.scope.projectId} and name ilike ${`%${SEARCHED_SURNAME}%`}) as customers`)
    console.log(`Seeded ${counts!.messages.toLocaleString('en')} messages in ${CUSTOMERS.toLocaleString('en')} conversations (plus ${NOISE.messages.toLocaleString('en')} in another org) in ${seconds(began)} s; "${RARE_WORD}" is in ${counts!.matching} messages of ${counts!.conversations} conversations, "${COMMON_WORD}" in ${counts!.common}, "${SEARCHED_SURNAME}" in ${counts!.customers} customer names.`)

    began = performance.now()
    const scenarios: Scenario[] = [
      { label: 'first page, default filters', query: {} },
      { label: 'channel = whatsapp', query: { channel: 'whatsapp' } },
      { label: 'page 3 by cursor', query: { cursor: await cursorAfter(db, seeded, 2) } },
      { label: `search q="${RARE_WORD}" (1 % of messages)`, query: { q: RARE_WORD } },
      { label: `search q="${SEARCHED_SURNAME}" (customer name)`, query: { q: SEARCHED_SURNAME } },
      { label: `search q="${COMMON_WORD}" (common word)`, query: { q: COMMON_WORD } },
    ]
    const results = []
    for (const scenario of scenarios) results.push(await measure(db, seeded, scenario))
    console.log(`\nlistInbox, ${ITERATIONS} calls each after ${WARMUP} thrown away (${seconds(began)} s), one call at a time; ms:`)
    console.log(table([['scenario', 'rows', 'p50', 'p95', 'p99', `p95 ≤ ${TARGETS.listP95Ms}`], ...results.map(result => [
      result.label, String(result.rows), ms(result.p50), ms(result.p95), ms(result.p99), mark(result.p95 <= TARGETS.listP95Ms),
    ])]))

    // The searches, and anything past half its target: where the time would go as the inbox grows.
    for (const result of results.filter(result => 'q' in result.query || result.p95 > TARGETS.listP95Ms / 2)) {
      const plan = await explainList(sql, seeded, result.query)
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS) ${result.label}: execution ${plan.execution}, planning ${plan.planning}, GIN index ${plan.usesGin ? 'used' : 'not used'}; ${plan.buffers}`)
      console.log(plan.nodes.map(line => `  ${line}`).join('\n'))
    }

    await outboxThroughput(db, seeded)
  }
  finally {
    await connection.close()
    await dropDatabase(server.adminUrl, name)
    await server.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

// `pnpm bench:invoices`: invoices issued per second in ONE series by 20 concurrent clients (each
// issue is a transaction that takes the series' next number under a row lock, freezes the
// issuer and, with VeriFactu on, appends a chained record), the p50/p99 of one issue, and the
// same work spread over 20 series (no shared lock) as the baseline the one-series figure is a
// ratio of. Each scenario checks its numbers are 1..N without a gap or a repeat. Prints
// figures with PASS/MISS next to each target; a miss is not a failure.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { and, eq, sql } from 'drizzle-orm'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createDb, invoices, organizations, projects, runMigrations, type Db } from '@flectar/db'
import { createDatabase, dropDatabase, startTestPostgres, uniqueDatabaseName } from '@flectar/db/testing'
import { invoiceDraftSchema, invoiceProfileSchema, issueInvoice, saveInvoiceDraft, saveInvoiceProfile } from '@flectar/invoices'

const CLIENTS = 20
const ISSUES = Number(process.env.ISSUES ?? 2000)
/** What the one-series figures should reach: a busy platform issues a few invoices a second per business. */
const TARGETS = { perSecond: 200, p99Ms: 250 }

type Scope = { orgId: string, projectId: string }

const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS')
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!

const draft = invoiceDraftSchema.parse({
  kind: 'simplified',
  lines: [
    { description: 'Corte y peinado', quantityMilli: 1000, unitPriceMinor: 4500, taxRate: 2100 },
    { description: 'Champú', quantityMilli: 2000, unitPriceMinor: 1250, discountMinor: 100, taxRate: 1000 },
  ],
})

async function projectWithProfile(db: Db, orgId: string, slug: string, verifactu: boolean, taxId: string): Promise<Scope> {
  const [project] = await db.insert(projects).values({ orgId, name: slug, slug, timeZone: 'Europe/Madrid', defaultLocale: 'es' }).returning()
  const scope = { orgId, projectId: project!.id }
  await saveInvoiceProfile(db, scope, invoiceProfileSchema.parse({
    legalName: `${slug} S.L.`, taxId, addressLines: ['Calle Mayor 1'], defaultTaxRate: 2100, pricesIncludeTax: true, paymentTermsDays: 0,
    language: 'es', bookingInvoices: 'off', bookingInvoiceKind: 'simplified', verifactu, verifactuEnvironment: 'test',
    invoiceSeries: { prefix: 'F', yearlyReset: true, firstNumber: 1, digits: 6 }, creditNoteSeries: { prefix: 'R', yearlyReset: true, firstNumber: 1, digits: 6 },
  }), SYSTEM_ACTOR)
  return scope
}

interface Result {
  label: string
  perSecond: number
  p50: number
  p99: number
  gapless: boolean
}

/** Makes `ISSUES` drafts spread over `scopes`, then CLIENTS clients issue them as fast as they can. */
async function run(db: Db, label: string, scopes: Scope[]): Promise<Result> {
  const drafts: Array<{ scope: Scope, id: string }> = []
  for (let index = 0; index < ISSUES; index++) {
    const scope = scopes[index % scopes.length]!
    drafts.push({ scope, id: (await saveInvoiceDraft(db, scope, draft, SYSTEM_ACTOR)).id })
  }
  const latencies: number[] = []
  let next = 0
  const began = performance.now()
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    for (let item = drafts[next++]; item; item = drafts[next++]) {
      const start = performance.now()
      await issueInvoice(db, item.scope, item.id, { issueDate: '2027-03-01' }, SYSTEM_ACTOR)
      latencies.push(performance.now() - start)
    }
  }))
  const seconds = (performance.now() - began) / 1000
  let gapless = true
  for (const scope of scopes) {
    const [row] = await db.select({ count: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${invoices.sequence})::int`, max: sql<number>`max(${invoices.sequence})::int` })
      .from(invoices).where(and(eq(invoices.projectId, scope.projectId), eq(invoices.status, 'issued')))
    gapless &&= row!.count === row!.distinct && row!.max === row!.count
  }
  return { label, perSecond: ISSUES / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), gapless }
}

async function main() {
  const load = os.loadavg().map(value => value.toFixed(2)).join(' ')
  console.log(`bench:invoices on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average before the run ${load}.`)
  console.log(`${ISSUES.toLocaleString('en')} issues per scenario by ${CLIENTS} concurrent clients (a pool of ${CLIENTS} connections).`)
  const server = await startTestPostgres()
  const name = uniqueDatabaseName('flectar_bench_invoices')
  const url = await createDatabase(server.adminUrl, name)
  const connection = createDb(url, { max: CLIENTS })
  try {
    await runMigrations(url)
    const [org] = await connection.db.insert(organizations).values({ name: 'Bench', slug: 'bench' }).returning()
    const db = connection.db
    const results: Result[] = []
    results.push(await run(db, 'baseline: 20 series, VeriFactu off', await Promise.all(Array.from({ length: CLIENTS }, (_, index) => projectWithProfile(db, org!.id, `spread-${index}`, false, `B${String(index).padStart(8, '0')}`)))))
    results.push(await run(db, 'one series, VeriFactu off', [await projectWithProfile(db, org!.id, 'one-series', false, 'B99999990')]))
    results.push(await run(db, 'one series, VeriFactu on', [await projectWithProfile(db, org!.id, 'one-chain', true, 'B99999991')]))
    const baseline = results[0]!.perSecond
    const rows = [['scenario', 'issues/s', 'ratio', 'p50 ms', 'p99 ms', 'numbers 1..N'], ...results.map(result => [
      result.label, result.perSecond.toFixed(0), (result.perSecond / baseline).toFixed(2), result.p50.toFixed(1), result.p99.toFixed(1), result.gapless ? 'yes' : 'NO',
    ])]
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)))
    console.log(rows.map(row => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n'))
    for (const result of results.slice(1)) {
      console.log(`${result.label}: ${result.perSecond.toFixed(0)} issues/s (target ≥ ${TARGETS.perSecond}) ${mark(result.perSecond >= TARGETS.perSecond)}; p99 ${result.p99.toFixed(1)} ms (target ≤ ${TARGETS.p99Ms}) ${mark(result.p99 <= TARGETS.p99Ms)}; gapless ${mark(result.gapless)}`)
    }
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

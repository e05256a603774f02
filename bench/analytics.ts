// `pnpm bench:analytics`: (a) sustained ingest through the built apps/site's real
// POST /api/event, (b) the dashboard's 30-day queries over 1,000,000 events (unfiltered from the
// rollups the pg-boss job maintains, also with events the rollups do not cover yet; with one filter
// from that filter's slice of the rollups; with two from raw events), (c) the tracker's gzipped size. Prints figures with PASS/MISS next to each target;
// a miss is not a failure.
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import autocannon from 'autocannon'
import { eq, sql, type SQL } from 'drizzle-orm'
import { hashPassword } from '@flectar/accounts'
import { createDb, projects, runMigrations } from '@flectar/db'
import { findFreePort } from '@flectar/db/embedded'
import { seedDemo } from '@flectar/db/seed'
import { createDatabase, dropDatabase, startTestPostgres, uniqueDatabaseName } from '@flectar/db/testing'
import { seedDemoSite } from '@flectar/sites'
import { startBuiltApp, waitUntilHealthy } from '../e2e/support/apps'
import { startBaselineServer, stopChild } from './support/baseline-server'
// Relative until the root package lists @flectar/analytics (it needs a `pnpm install`).
import { getDashboard, rollupAnalytics, TRACKER_SCRIPT } from '@flectar/analytics'

const TARGETS = { eventsPerSecond: 2000, ingestRatio: 0.5, ingestP99Ms: 50, queryP95Ms: 200, filteredP95Ms: 500, trackerBytes: 1024 }
const CONNECTIONS = 50
const DURATION_SECONDS = 10
const WARMUP_SECONDS = 2
const QUERY_EVENTS = 1_000_000
const QUERY_RUNS = Number(process.env.QUERY_RUNS ?? 5)
const ROLLUP_QUERY_RUNS = Number(process.env.ROLLUP_QUERY_RUNS ?? 20)
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'

const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS')
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!

async function main() {
  const server = await startTestPostgres()
  const name = uniqueDatabaseName('flectar_bench_analytics')
  const url = await createDatabase(server.adminUrl, name)
  const connection = createDb(url, { max: 4 })
  let site: ReturnType<typeof startBuiltApp> | undefined
  let baseline: Awaited<ReturnType<typeof startBaselineServer>> | undefined
  try {
    await runMigrations(url)
    const demo = await seedDemo(connection.db, { ownerPasswordHash: await hashPassword(randomBytes(9).toString('hex')) })
    const { projectId } = await seedDemoSite(connection.db, demo.orgId)
    await connection.db.update(projects).set({ modules: ['analytics'] }).where(eq(projects.id, projectId))

    // (a) Ingest: every request from its own client address (the per-IP rate limit is per
    // visitor), against node:http accepting the same POSTs and discarding them, run before and
    // after it (their mean is the ratio's baseline, as in bench:site).
    const port = await findFreePort()
    site = startBuiltApp('site', port, { DATABASE_URL: url, SESSION_SECRET: randomBytes(48).toString('base64'), ENCRYPTION_KEY: randomBytes(32).toString('base64'), PLATFORM_DOMAIN: 'localhost', TRUST_PROXY: 'true' })
    await waitUntilHealthy(site)
    const baselinePort = await findFreePort()
    baseline = await startBaselineServer('discard-server.ts', baselinePort)
    let counter = 0
    const body = (n: number) => JSON.stringify({ n: 'pageview', p: `/bench/${n % 50}?utm_source=bench`, r: 'https://www.google.com/', v: `v${n % 5000}`, s: `s${n % 8000}`, l: 'en-GB', w: 'l' })
    const ingest = async (target: number) => {
      const options = {
        url: `http://127.0.0.1:${target}`,
        connections: CONNECTIONS,
        requests: [{
          method: 'POST' as const,
          path: '/api/event',
          setupRequest: (request: Record<string, unknown>) => {
            counter++
            return { ...request, body: body(counter), headers: { 'host': `demo.localhost:${port}`, 'content-type': 'text/plain', 'user-agent': CHROME, 'x-forwarded-for': `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}` } }
          },
        }],
      }
      await autocannon({ ...options, duration: WARMUP_SECONDS })
      return await autocannon({ ...options, duration: DURATION_SECONDS })
    }
    const baselineFirst = await ingest(baselinePort)
    const [before] = await connection.db.execute<{ n: number }>(sql`select count(*)::int as n from analytics_events where project_id = ${projectId}`)
    const sentBefore = counter
    const result = await ingest(port)
    const sent = counter - sentBefore
    const baselineLast = await ingest(baselinePort)
    await stopChild(baseline)
    baseline = undefined
    await new Promise(resolve => setTimeout(resolve, 2500))
    const [stored] = await connection.db.execute<{ n: number }>(sql`select count(*)::int as n from analytics_events where project_id = ${projectId}`)
    const perSecond = result.requests.average
    const baselinePerSecond = (baselineFirst.requests.average + baselineLast.requests.average) / 2
    const ingestRatio = perSecond / baselinePerSecond
    console.log(`ingest baseline (node:http reading and discarding the same POSTs): ${Math.round(baselineFirst.requests.average)} and ${Math.round(baselineLast.requests.average)} req/s (before and after), p99 ${baselineFirst.latency.p99} / ${baselineLast.latency.p99} ms`)
    console.log(`ingest: ${Math.round(perSecond)} events/s sustained over ${DURATION_SECONDS}s (${CONNECTIONS} connections, after ${WARMUP_SECONDS}s of warm-up), p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${stored!.n - before!.n} rows stored of ${sent} sent (warm-up included)`)
    console.log(`  ${ingestRatio.toFixed(3)} of node:http (≥ ${TARGETS.ingestRatio}) ${mark(ingestRatio >= TARGETS.ingestRatio)}, p99 ≤ ${TARGETS.ingestP99Ms} ms ${mark(result.latency.p99 <= TARGETS.ingestP99Ms)}, ≥ ${TARGETS.eventsPerSecond} events/s ${mark(perSecond >= TARGETS.eventsPerSecond)}`)
    await site.stop()
    site = undefined
    if (process.env.BENCH_ANALYTICS_INGEST_ONLY === '1') return

    // (b) Dashboard queries over 1,000,000 events in the last 30 days.
    await connection.db.execute(sql`delete from analytics_events`)
    const started = Date.now()
    await connection.db.execute(sql`
      insert into analytics_events (project_id, occurred_at, name, path, visitor_hash, session_hash, referrer_host, utm_source, language, device, browser, os, country)
      select ${projectId}::uuid, now() - (random() * interval '30 days'), 'pageview',
        (array['/', '/services', '/team', '/contact', '/gallery', '/book'])[1 + (i % 6)],
        md5((i / 4)::text), md5((i / 3)::text),
        (array[null, 'google.com', 'instagram.com', 'facebook.com'])[1 + (i % 4)],
        (array[null, null, 'newsletter', 'instagram'])[1 + (i % 4)],
        (array['en', 'es', 'de', 'fr'])[1 + (i % 4)],
        (array['desktop', 'mobile', 'mobile', 'tablet'])[1 + (i % 4)],
        (array['Chrome', 'Safari', 'Firefox'])[1 + (i % 3)],
        (array['Windows', 'iOS', 'Android', 'macOS'])[1 + (i % 4)],
        (array['ES', 'GB', 'US', 'DE', null])[1 + (i % 5)]
      from generate_series(1, ${QUERY_EVENTS}) as i`)
    await connection.db.execute(sql`analyze analytics_events`)
    console.log(`seeded ${QUERY_EVENTS.toLocaleString()} events in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    // What the pg-boss job does every 5 minutes; here the first run, over all the events at once.
    const rolledAt = Date.now()
    const [rollup] = await rollupAnalytics(connection.db)
    console.log(`rolled up in ${((Date.now() - rolledAt) / 1000).toFixed(1)} s: ${rollup?.rows.toLocaleString()} rollup rows, filter slices included (one-off; the job then redoes only the last day)`)
    const scope = { orgId: demo.orgId, projectId }
    const time = async (query: Parameters<typeof getDashboard>[2], runs: number) => {
      const timings: number[] = []
      for (let run = 0; run < runs; run++) {
        const at = performance.now()
        await getDashboard(connection.db, scope, query)
        timings.push(performance.now() - at)
      }
      return percentile(timings, 95)
    }
    // Warm the pool's connections first (their authentication is not a query's cost).
    await Promise.all([1, 2, 3, 4].map(() => connection.db.execute(sql`select 1`)))
    const p95 = await time({ range: '30d' }, ROLLUP_QUERY_RUNS)
    console.log(`dashboard (30 days, 1M events, one whole load: totals, previous period, series, 12 breakdowns, goals, funnel): p95 ${Math.round(p95)} ms from rollups (${ROLLUP_QUERY_RUNS} runs)`)
    console.log(`  p95 ≤ ${TARGETS.queryP95Ms} ms ${mark(p95 <= TARGETS.queryP95Ms)}`)
    // Events the job has not rolled up yet, which the dashboard adds from raw events: (1) 200 page
    // views of new visitors (this site gets ~115 in the 5 minutes between two runs); (2) 200 of
    // visitors seen all month, whose whole month is then recounted. Real hashes change daily with
    // the salt, so (2) is a worst case only this synthetic data can produce.
    const recent = (visitor: SQL, session: SQL) => connection.db.execute(sql`
      insert into analytics_events (project_id, occurred_at, name, path, visitor_hash, session_hash, referrer_host, language, device, browser, os, country)
      select ${projectId}::uuid, now() - (random() * interval '5 minutes'), 'pageview', '/', ${visitor}, ${session}, 'google.com', 'en', 'mobile', 'Chrome', 'Android', 'ES'
      from generate_series(1, 200) as i`)
    await recent(sql`md5('new visitor ' || i / 3)`, sql`md5('new session ' || i / 3)`)
    const p95Tail = await time({ range: '30d' }, ROLLUP_QUERY_RUNS)
    console.log(`  + 200 events of new visitors not rolled up yet: p95 ${Math.round(p95Tail)} ms ${mark(p95Tail <= TARGETS.queryP95Ms)}`)
    await recent(sql`md5((i * 997 % ${QUERY_EVENTS} / 4)::text)`, sql`md5((i * 997 % ${QUERY_EVENTS} / 3)::text)`)
    const p95Returning = await time({ range: '30d' }, ROLLUP_QUERY_RUNS)
    console.log(`  + 200 more of visitors seen all month (worst case): p95 ${Math.round(p95Returning)} ms ${mark(p95Returning <= TARGETS.queryP95Ms)}`)
    // One filter (a click on a row) reads that filter's slice of the rollups, tail included.
    const filters: Array<[string, Partial<Parameters<typeof getDashboard>[2]>]> = [
      ['country = ES', { country: 'ES' }],
      ['device = mobile', { device: 'mobile' }],
      ['path = /services', { path: '/services' }],
      ['utm source = newsletter', { utmSource: 'newsletter' }],
      ['referrer = none (direct)', { referrer: '' }],
      // A click on an entry page filters on its path.
      ['entry page / (path = /)', { path: '/' }],
    ]
    for (const [label, filter] of filters) {
      const p95Filter = await time({ range: '30d', ...filter }, ROLLUP_QUERY_RUNS)
      console.log(`dashboard with a filter (${label}, from rollups): p95 ${Math.round(p95Filter)} ms (${ROLLUP_QUERY_RUNS} runs) ${mark(p95Filter <= TARGETS.filteredP95Ms)} (≤ ${TARGETS.filteredP95Ms} ms)`)
    }
    const p95Filtered = await time({ range: '30d', device: 'mobile', country: 'ES' }, QUERY_RUNS)
    console.log(`dashboard with two filters (device = mobile, country = ES, from raw events): p95 ${Math.round(p95Filtered)} ms (${QUERY_RUNS} runs) ${mark(p95Filtered <= TARGETS.filteredP95Ms)} (≤ ${TARGETS.filteredP95Ms} ms)`)

    // (c) The tracker.
    const gzipped = gzipSync(TRACKER_SCRIPT, { level: 9 }).length
    console.log(`tracker: ${TRACKER_SCRIPT.length} bytes, ${gzipped} bytes gzipped  ≤ ${TARGETS.trackerBytes} ${mark(gzipped <= TARGETS.trackerBytes)}`)
  }
  finally {
    await site?.stop()
    if (baseline) await stopChild(baseline)
    await connection.close()
    await dropDatabase(server.adminUrl, name)
    await server.stop()
  }
}

await main()

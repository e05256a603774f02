// `pnpm bench:site`: the built public renderer (apps/site) under load, against a plain
// node:http server sending the same bytes, in one run: (a) stored bytes to an instance that
// keeps nothing in memory, (b) memory hits, (c) a full Vue render, (d) tracking query strings
// (utm_*, gclid, fbclid) still hits; then the JavaScript each template's pages load.
// Prints figures with PASS/MISS next to each target; a missed target is not a failure.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import autocannon, { type Options, type Result } from 'autocannon'
import { hashPassword, SYSTEM_ACTOR } from '@flectar/accounts'
import { createDb, runMigrations } from '@flectar/db'
import { findFreePort } from '@flectar/db/embedded'
import { seedDemo } from '@flectar/db/seed'
import { createDatabase, dropDatabase, startTestPostgres, uniqueDatabaseName } from '@flectar/db/testing'
import { createProject, seedDemoSite } from '@flectar/sites'
import { startBuiltApp, waitUntilHealthy } from '../e2e/support/apps'
import { launchBrowser } from '../e2e/support/browser'
import { startBaselineServer, stopChild } from './support/baseline-server'
import { templates } from '../templates/index'

const CONNECTIONS = 50
const WARMUP_SECONDS = 2
const DURATION_SECONDS = 10
/** The page under load: the salon template's home page. */
const LOAD_TEMPLATE = 'salon'
const LOAD_PATH = '/'

const TARGETS = {
  storedRatio: 0.3,
  memoryRatio: 0.9,
  memoryP99Ms: 50,
  contentOnlyJsBytes: 0,
  bookingWidgetJsBytes: 30 * 1024,
}

// Every process and directory this run starts is undone here, last first, also on failure.
const cleanups: Array<{ what: string, run: () => Promise<unknown> }> = []
function onCleanup(what: string, run: () => Promise<unknown>) {
  cleanups.push({ what, run })
}
async function cleanUp() {
  for (let next = cleanups.pop(); next; next = cleanups.pop()) {
    try {
      await next.run()
    }
    catch (error) {
      console.error(`Cleaning up ${next.what} failed:`, error)
    }
  }
}

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A GET through node:http, so the Host header goes as given, with the body as raw bytes. */
async function rawGet(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.setTimeout(15_000, () => req.destroy(new Error(`GET ${urlPath} timed out`)))
    req.end()
  })
}

/** A short warm-up run (discarded), then the measured run. */
async function measure(options: Options): Promise<Result> {
  await autocannon({ ...options, duration: WARMUP_SECONDS })
  return await autocannon({ ...options, duration: DURATION_SECONDS })
}

function header(response: RawResponse, name: string): string {
  const value = response.headers[name]
  return Array.isArray(value) ? value.join(', ') : value ?? ''
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'MISS'
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)))
  return rows.map(row => row.map((cell, column) => column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)).join('  ')).join('\n')
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

async function main() {
  const load = os.loadavg().map(value => value.toFixed(2)).join(' ')
  console.log(`bench:site on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average before the run ${load}.`)
  console.log(`The load generator (autocannon, in this process) and the server under test share these ${os.cpus().length} cores, so absolute figures understate a dedicated server; the ratios are what to compare.\n`)

  // 1. A throwaway database: migrated, the demo seeded, one project per template (slug = key).
  const postgres = await startTestPostgres()
  onCleanup('PostgreSQL', () => postgres.stop())
  const databaseName = uniqueDatabaseName('flectar_bench')
  const databaseUrl = await createDatabase(postgres.adminUrl, databaseName)
  onCleanup('the database', () => dropDatabase(postgres.adminUrl, databaseName))
  await runMigrations(databaseUrl)
  const connection = createDb(databaseUrl, { max: 1 })
  try {
    const demo = await seedDemo(connection.db, { ownerPasswordHash: await hashPassword(randomBytes(12).toString('base64url')) })
    await seedDemoSite(connection.db, demo.orgId)
    for (const template of templates) {
      await createProject(connection.db, demo.orgId, { name: template.name, slug: template.key, templateKey: template.key, timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR, { published: true })
    }
  }
  finally {
    await connection.close()
  }

  // 2. The built site app, as deployed (NODE_ENV=production), twice on the same database: `memory`
  // as configured by default, and `cold`, which keeps nothing in memory — every request it gets
  // is one from an instance that has never seen the page, answered from the stored bytes.
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'flectar-bench-site-'))
  onCleanup('the temp directory', () => rm(workDir, { recursive: true, force: true }))
  const sitePort = await findFreePort()
  const coldPort = await findFreePort()
  const siteEnv = {
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(48).toString('base64'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PLATFORM_DOMAIN: 'localhost',
    NUXT_PUBLIC_SITE_URL_PATTERN: `http://{slug}.localhost:${sitePort}`,
    STORAGE_DIR: path.join(workDir, 'storage'),
  }
  const site = startBuiltApp('site', sitePort, siteEnv)
  onCleanup('the site app', () => site.stop())
  const cold = startBuiltApp('site', coldPort, { ...siteEnv, SITE_PAGE_MEMORY_ENTRIES: '0' })
  onCleanup('the memoryless site app', () => cold.stop())
  await Promise.all([waitUntilHealthy(site), waitUntilHealthy(cold)])

  // Check each scenario answers as intended (X-Flectar-Cache) before loading it. Both instances
  // get the same Host (as behind a load balancer): the memoryless one never renders the page,
  // it reads what the first stored.
  const host = `${LOAD_TEMPLATE}.localhost:${sitePort}`
  const tracking = (n: number) => `${LOAD_PATH}?utm_source=newsletter&utm_medium=email&utm_campaign=c${n}&gclid=g${n}&fbclid=f${n}`
  const rendered = `${LOAD_PATH}?sent=1`
  const probes: Array<[label: string, port: number, host: string, urlPath: string, expected: string]> = [
    ['first request', sitePort, host, LOAD_PATH, 'render'],
    ['second request', sitePort, host, LOAD_PATH, 'memory'],
    ['(d) tracking query', sitePort, host, tracking(0), 'memory'],
    ['contact-form result query', sitePort, host, rendered, 'render'],
    ['(a) memoryless instance', coldPort, host, LOAD_PATH, 'stored'],
    ['(d) tracking query, memoryless instance', coldPort, host, tracking(0), 'stored'],
  ]
  for (const [label, port, probeHost, urlPath, expected] of probes) {
    const response = await rawGet(port, urlPath, { host: probeHost })
    const source = header(response, 'x-flectar-cache')
    if (response.status !== 200 || source !== expected) throw new Error(`${label} (GET ${probeHost}${urlPath}): ${response.status}, x-flectar-cache ${source || 'absent'}, expected 200 and ${expected}\n${site.output()}${cold.output()}`)
  }
  const memoryPage = await rawGet(sitePort, LOAD_PATH, { host })
  const storedPage = await rawGet(coldPort, LOAD_PATH, { host })
  const html = memoryPage.body
  const contentType = header(memoryPage, 'content-type')
  if (!storedPage.body.equals(html)) throw new Error('The memoryless instance serves other bytes than the first')

  // The baseline: the same bytes from plain node:http, in a process of its own.
  const bodyFile = path.join(workDir, 'page.html')
  await writeFile(bodyFile, html)
  const baselinePort = await findFreePort()
  const baseline = await startBaselineServer('static-server.ts', baselinePort, { BENCH_BODY_FILE: bodyFile, BENCH_CONTENT_TYPE: contentType })
  onCleanup('the baseline server', () => stopChild(baseline))
  if (!(await rawGet(baselinePort, '/')).body.equals(html)) throw new Error('The baseline server does not send the page\'s bytes')

  // 3. Load: 50 connections, warm-up then measured run per scenario; the baseline runs first and
  // last, and each ratio is against the mean of the two, so drift over the run shows.
  console.log(`Load: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${DURATION_SECONDS} s measured per scenario, GET ${LOAD_PATH} of the ${LOAD_TEMPLATE} template (${kb(html.length)} of HTML).`)
  let counter = 0
  const scenarios: Array<{ label: string, result: Result }> = []
  const run = async (label: string, options: Options) => {
    const result = await measure({ connections: CONNECTIONS, ...options })
    scenarios.push({ label, result })
    return result
  }
  const baselineFirst = await run('node:http, same bytes (first)', { url: `http://127.0.0.1:${baselinePort}/`, headers: { host } })
  const memoryResult = await run('(b) memory hit', { url: `http://127.0.0.1:${sitePort}${LOAD_PATH}`, headers: { host } })
  // Every request another campaign's tracking parameters: still the one page, from memory.
  const trackingResult = await run('(d) memory hit, UTM/gclid query', {
    url: `http://127.0.0.1:${sitePort}`,
    headers: { host },
    requests: [{ setupRequest: request => ({ ...request, path: tracking(++counter) }) }],
  })
  const storedResult = await run('(a) stored bytes, memory cold', { url: `http://127.0.0.1:${coldPort}${LOAD_PATH}`, headers: { host } })
  // A contact-form result is the one query that changes the page: never cached, Vue renders each.
  const renderResult = await run('(c) full Vue render', {
    url: `http://127.0.0.1:${sitePort}`,
    headers: { host },
    requests: [{ setupRequest: request => ({ ...request, path: `${rendered}&r=${++counter}` }) }],
  })
  const baselineLast = await run('node:http, same bytes (last)', { url: `http://127.0.0.1:${baselinePort}/`, headers: { host } })
  const after = [await rawGet(sitePort, tracking(-1), { host }), await rawGet(coldPort, tracking(-1), { host })].map(response => header(response, 'x-flectar-cache'))
  if (after.join() !== 'memory,stored') console.log(`Note: after the load, the tracking query was answered from ${after.join(' and ')} (expected memory and stored).`)

  console.log(`\n${table([
    ['scenario', 'req/s (mean)', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'bytes/resp', 'non-2xx', 'errors'],
    ...scenarios.map(({ label, result }) => [
      label,
      result.requests.average.toFixed(0),
      String(result.latency.p50),
      String(result.latency.p99),
      String(result.latency.max),
      String(result.requests.total),
      result.requests.total ? (result.throughput.total / result.requests.total).toFixed(0) : '-',
      String(result.non2xx),
      String(result.errors + result.timeouts),
    ]),
  ])}`)

  const baseRate = (baselineFirst.requests.average + baselineLast.requests.average) / 2
  const ratio = (result: Result) => result.requests.average / baseRate
  console.log(`\nRatios against node:http at ${baseRate.toFixed(0)} req/s (the mean of its two runs):\n${table([
    ['target', 'measured', 'goal', ''],
    ['(a) stored bytes, memory cold', ratio(storedResult).toFixed(3), `>= ${TARGETS.storedRatio.toFixed(2)}`, verdict(ratio(storedResult) >= TARGETS.storedRatio)],
    ['(b) memory hit', ratio(memoryResult).toFixed(3), `>= ${TARGETS.memoryRatio.toFixed(2)}`, verdict(ratio(memoryResult) >= TARGETS.memoryRatio)],
    ['(b) p99 of memory hits', `${memoryResult.latency.p99} ms`, `<= ${TARGETS.memoryP99Ms} ms`, verdict(memoryResult.latency.p99 <= TARGETS.memoryP99Ms)],
    ['(d) UTM/gclid query, memory hit', ratio(trackingResult).toFixed(3), `>= ${TARGETS.memoryRatio.toFixed(2)}`, verdict(ratio(trackingResult) >= TARGETS.memoryRatio)],
    ['(d) UTM/gclid query answered from', after.join(' / '), 'memory / stored', verdict(after.join() === 'memory,stored')],
    ['(c) full Vue render', ratio(renderResult).toFixed(3), 'reported', ''],
  ])}`)
  const failed = scenarios.filter(({ result }) => result.non2xx || result.errors || result.timeouts)
  if (failed.length) console.log(`\nNote: ${failed.map(({ label }) => label).join(', ')} had non-2xx answers or errors; their figures are suspect.`)

  // 4. JavaScript weight: every template's home page, and any page with a booking widget.
  await stopChild(baseline)
  await cold.stop()
  const browser = await launchBrowser()
  onCleanup('Chromium', () => browser.close())
  const rows: string[][] = [['template', 'path', 'booking widget', 'scripts', 'JS gzip', 'data scripts gzip', 'goal', '']]
  for (const template of templates) {
    for (const templatePage of template.pages) {
      const hasBookingWidget = JSON.stringify(templatePage.blocks).includes('"type":"bookingWidget"')
      if (templatePage.path !== '/' && !hasBookingWidget) continue
      const page = await browser.newPage()
      const scriptSizes: Array<Promise<number>> = []
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') scriptSizes.push(response.body().then(body => gzipSync(body).length, () => 0))
      })
      const url = `http://${template.key}.localhost:${sitePort}${templatePage.path}`
      const response = await page.goto(url, { waitUntil: 'networkidle' })
      if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`)
      const inline = await page.$$eval('script:not([src])', scripts => scripts.map(script => ({ type: (script.getAttribute('type') ?? '').trim().toLowerCase(), text: script.textContent ?? '' })))
      await page.close()
      const isCode = (type: string) => type === '' || type === 'module' || /(?:java|ecma)script/.test(type)
      const gzipped = (text: string) => gzipSync(text).length
      const external = (await Promise.all(scriptSizes)).reduce((sum, size) => sum + size, 0)
      const inlineCode = inline.filter(script => isCode(script.type))
      const jsBytes = external + inlineCode.reduce((sum, script) => sum + gzipped(script.text), 0)
      const dataBytes = inline.filter(script => !isCode(script.type)).reduce((sum, script) => sum + gzipped(script.text), 0)
      const goal = hasBookingWidget ? TARGETS.bookingWidgetJsBytes : TARGETS.contentOnlyJsBytes
      rows.push([
        template.key,
        templatePage.path,
        hasBookingWidget ? 'yes' : 'no',
        `${scriptSizes.length} + ${inlineCode.length} inline`,
        `${jsBytes} B`,
        `${dataBytes} B`,
        `<= ${goal} B`,
        verdict(jsBytes <= goal),
      ])
    }
  }
  console.log(`\nJavaScript loaded by each page (gzip bytes of script responses and inline scripts; JSON and JSON-LD data scripts counted apart):\n${table(rows)}`)
}

let exitCode = 0
process.once('SIGINT', () => {
  void cleanUp().finally(() => process.exit(130))
})
try {
  await main()
}
catch (error) {
  console.error('\nbench:site could not run:', error)
  exitCode = 1
}
finally {
  await cleanUp()
}
process.exit(exitCode)

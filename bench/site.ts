// `pnpm bench:site`: the built public renderer (apps/site) under load, against a plain
// node:http server sending the same bytes, and the JavaScript each template's pages load.
// Prints figures with PASS/MISS next to each target; a missed target is not a failure.
import { spawn, type ChildProcess } from 'node:child_process'
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
import { templates } from '../templates/index'

const CONNECTIONS = 50
const WARMUP_SECONDS = 2
const DURATION_SECONDS = 10
/** The page under load: the salon template's home page. */
const LOAD_TEMPLATE = 'salon'
const LOAD_PATH = '/'

const TARGETS = {
  uncachedRatio: 0.3,
  cachedRatio: 0.8,
  cachedP99Ms: 100,
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

/** Starts the baseline server as a child process and waits until it listens. */
async function startStaticServer(port: number, bodyFile: string, contentType: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'static-server.ts')], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), BENCH_BODY_FILE: bodyFile, BENCH_CONTENT_TYPE: contentType },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready')) resolve()
    })
    child.once('exit', code => reject(new Error(`The baseline server exited (${code}):\n${output}`)))
  })
  return child
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
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

  // 2. The built site app, as deployed (NODE_ENV=production).
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'flectar-bench-site-'))
  onCleanup('the temp directory', () => rm(workDir, { recursive: true, force: true }))
  const sitePort = await findFreePort()
  const site = startBuiltApp('site', sitePort, {
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(48).toString('base64'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PLATFORM_DOMAIN: 'localhost',
    NUXT_PUBLIC_SITE_URL_PATTERN: `http://{slug}.localhost:${sitePort}`,
    STORAGE_DIR: path.join(workDir, 'storage'),
  })
  onCleanup('the site app', () => site.stop())
  await waitUntilHealthy(site)

  // Check each scenario answers as intended before loading it.
  const host = `${LOAD_TEMPLATE}.localhost:${sitePort}`
  const first = await rawGet(sitePort, LOAD_PATH, { host })
  const cached = await rawGet(sitePort, LOAD_PATH, { host })
  const uncached = await rawGet(sitePort, `${LOAD_PATH}?r=probe`, { host })
  if (first.status !== 200) throw new Error(`GET ${host}${LOAD_PATH} answered ${first.status}:\n${first.body.toString()}\n${site.output()}`)
  if (header(cached, 'x-cache') !== 'hit') throw new Error(`The second GET ${host}${LOAD_PATH} was not a cache hit (x-cache: ${header(cached, 'x-cache') || 'absent'})`)
  if (uncached.status !== 200 || header(uncached, 'x-cache')) throw new Error(`GET ${host}${LOAD_PATH}?r=probe: ${uncached.status}, x-cache: ${header(uncached, 'x-cache')} (expected 200 and no cache)`)
  const html = cached.body
  const contentType = header(cached, 'content-type')

  // The baseline: the same bytes from plain node:http, in a process of its own.
  const bodyFile = path.join(workDir, 'page.html')
  await writeFile(bodyFile, html)
  const baselinePort = await findFreePort()
  const baseline = await startStaticServer(baselinePort, bodyFile, contentType)
  onCleanup('the baseline server', () => stopChild(baseline))
  if (!(await rawGet(baselinePort, '/')).body.equals(html)) throw new Error('The baseline server does not send the page\'s bytes')

  // 3. Load: 50 connections, warm-up then measured run per scenario.
  console.log(`Load: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${DURATION_SECONDS} s measured per scenario, GET ${LOAD_PATH} of the ${LOAD_TEMPLATE} template (${kb(html.length)} of HTML).`)
  let counter = 0
  const scenarios: Array<{ label: string, result: Result }> = []
  const uncachedResult = await measure({
    url: `http://127.0.0.1:${sitePort}`,
    connections: CONNECTIONS,
    headers: { host },
    // A distinct query string per request: the cache is bypassed and every request renders.
    requests: [{ setupRequest: request => ({ ...request, path: `${LOAD_PATH}?r=${++counter}` }) }],
  })
  scenarios.push({ label: '(a) renderer, uncached', result: uncachedResult })
  const cachedResult = await measure({ url: `http://127.0.0.1:${sitePort}${LOAD_PATH}`, connections: CONNECTIONS, headers: { host } })
  scenarios.push({ label: '(b) renderer, cached', result: cachedResult })
  const baselineResult = await measure({ url: `http://127.0.0.1:${baselinePort}/`, connections: CONNECTIONS, headers: { host } })
  scenarios.push({ label: '(c) node:http, same bytes', result: baselineResult })
  if (header(await rawGet(sitePort, LOAD_PATH, { host }), 'x-cache') !== 'hit') console.log('Note: the cached page was no longer a hit after scenario (b).')

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

  const baseRate = baselineResult.requests.average
  const uncachedRatio = uncachedResult.requests.average / baseRate
  const cachedRatio = cachedResult.requests.average / baseRate
  console.log(`\n${table([
    ['target', 'measured', 'goal', ''],
    ['a/c (uncached vs node:http)', uncachedRatio.toFixed(3), `>= ${TARGETS.uncachedRatio.toFixed(2)}`, verdict(uncachedRatio >= TARGETS.uncachedRatio)],
    ['b/c (cached vs node:http)', cachedRatio.toFixed(3), `>= ${TARGETS.cachedRatio.toFixed(2)}`, verdict(cachedRatio >= TARGETS.cachedRatio)],
    ['p99 of (b)', `${cachedResult.latency.p99} ms`, `<= ${TARGETS.cachedP99Ms} ms`, verdict(cachedResult.latency.p99 <= TARGETS.cachedP99Ms)],
  ])}`)
  const failed = scenarios.filter(({ result }) => result.non2xx || result.errors || result.timeouts)
  if (failed.length) console.log(`\nNote: ${failed.map(({ label }) => label).join(', ')} had non-2xx answers or errors; their figures are suspect.`)

  // 4. JavaScript weight: every template's home page, and any page with a booking widget.
  await stopChild(baseline)
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

// `pnpm bench:booking-page`: what a visitor's browser loads for the booking flow (/book, its
// day-and-time step) and the manage page on the built site with the seeded demo salon: the
// gzipped JavaScript each page references, the requests a load makes (Chromium), and
// Lighthouse's mobile performance and accessibility scores (the system Chromium, headless,
// nothing but localhost). Prints PASS/MISS next to each target; a miss is not a failure.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { launch } from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { hashPassword } from '@flectar/accounts'
import { seedDemoBookings } from '@flectar/bookings'
import { createDb, runMigrations } from '@flectar/db'
import { findFreePort } from '@flectar/db/embedded'
import { seedDemo } from '@flectar/db/seed'
import { createDatabase, dropDatabase, startTestPostgres, uniqueDatabaseName } from '@flectar/db/testing'
import { seedDemoSite } from '@flectar/sites'
import { startBuiltApp, waitUntilHealthy } from '../e2e/support/apps'
import { launchBrowser } from '../e2e/support/browser'

const TARGETS = { jsGzipBytes: 30 * 1024, performance: 95, accessibility: 100 }
/** The Vue flow this replaced, as measured on it (issue 14): 242 KB of JavaScript in 11 requests, Lighthouse mobile performance 77–89. */
const BEFORE = { jsKb: 242, requests: 11, performance: '77–89' }

const cleanups: Array<() => Promise<unknown>> = []
async function cleanUp() {
  for (let next = cleanups.pop(); next; next = cleanups.pop()) await next().catch((error: unknown) => console.error('Cleaning up failed:', error))
}

/** A request through node:http, so the Host header goes as given (Node's fetch drops it). */
async function send(port: number, method: string, urlPath: string, headers: Record<string, string>, body?: string): Promise<{ status: number, body: Buffer }> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS')

async function main() {
  const server = await startTestPostgres()
  cleanups.push(() => server.stop())
  const name = uniqueDatabaseName('flectar_bench_booking')
  const url = await createDatabase(server.adminUrl, name)
  cleanups.push(() => dropDatabase(server.adminUrl, name))
  await runMigrations(url)
  const connection = createDb(url, { max: 1 })
  const demo = await seedDemo(connection.db, { ownerPasswordHash: await hashPassword(randomBytes(9).toString('base64url')) })
  const demoSite = await seedDemoSite(connection.db, demo.orgId)
  await seedDemoBookings(connection.db, demoSite.projectId)
  await connection.close()

  const storageDir = await mkdtemp(path.join(os.tmpdir(), 'flectar-bench-booking-'))
  cleanups.push(() => rm(storageDir, { recursive: true, force: true }))
  const port = await findFreePort()
  const site = startBuiltApp('site', port, {
    ADMIN_URL: 'http://localhost:3000', TRUST_PROXY: 'true', DATABASE_URL: url, PLATFORM_DOMAIN: 'localhost', STORAGE_DIR: storageDir,
    SESSION_SECRET: randomBytes(48).toString('base64'), ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  })
  cleanups.push(() => site.stop())
  await waitUntilHealthy(site)
  const host = `demo.localhost:${port}`
  const origin = `http://${host}`

  // The pages measured: the first step, the day-and-time step of the first service, and a manage link.
  const book = (await send(port, 'GET', '/book', { host })).body.toString()
  const serviceId = /name="service" value="([\w-]+)"/.exec(book)?.[1]
  const time = `/book/time?service=${serviceId}`
  const slots = JSON.parse((await send(port, 'GET', `/api/v1/projects/demo/availability?serviceId=${serviceId}&from=${dayAfter(2)}&to=${dayAfter(40)}&timeZone=Europe/Madrid`, { host })).body.toString()) as { slots: Array<{ start: string }> }
  const consent = JSON.parse((await send(port, 'GET', '/api/v1/projects/demo/services', { host })).body.toString()) as { data: Array<{ id: string, requirements: Array<{ id: string, kind: string, required: boolean }> }> }
  const answers = Object.fromEntries((consent.data.find(service => service.id === serviceId)?.requirements ?? []).filter(requirement => requirement.required).map(requirement => [requirement.id, requirement.kind === 'consent' || requirement.kind === 'checkbox' ? true : 'Bench']))
  const created = await send(port, 'POST', '/api/v1/projects/demo/bookings', { 'host': host, 'content-type': 'application/json' }, JSON.stringify({
    serviceId, start: slots.slots.at(-1)!.start, timeZone: 'Europe/Madrid', customer: { name: 'Bench Visitor', email: 'bench@example.com' }, answers,
  }))
  if (created.status !== 201) throw new Error(`Could not book for the manage page: ${created.status} ${created.body.toString().slice(0, 300)}`)
  const manage = new URL((JSON.parse(created.body.toString()) as { manageUrl: string }).manageUrl).pathname
  const pages = [{ label: '/book', path: '/book' }, { label: '/book/time', path: time }, { label: 'manage page', path: manage }]

  console.log(`Booking pages of the demo salon (built site, ${host})`)
  console.log(`Before (the Vue flow, issue 14): ${BEFORE.jsKb} KB of JavaScript in ${BEFORE.requests} requests, Lighthouse mobile performance ${BEFORE.performance}`)

  // JavaScript as the HTML references it, each file gzipped; requests as Chromium makes them.
  const browser = await launchBrowser()
  cleanups.push(() => browser.close())
  const measured: Array<{ label: string, url: string, jsGzip: number, scripts: number, requests: number }> = []
  for (const page of pages) {
    const html = (await send(port, 'GET', page.path, { host })).body.toString()
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map(match => match[1]!)
    let jsGzip = 0
    for (const script of scripts) jsGzip += gzipSync((await send(port, 'GET', script, { host })).body, { level: 9 }).length
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, timezoneId: 'Europe/Madrid' })
    const tab = await context.newPage()
    let requests = 0
    tab.on('request', () => requests++)
    await tab.goto(`${origin}${page.path}`, { waitUntil: 'networkidle' })
    await context.close()
    measured.push({ label: page.label, url: `${origin}${page.path}`, jsGzip, scripts: scripts.length, requests })
  }

  // Lighthouse, mobile (its default form factor and throttling), one Chromium for every run.
  const chrome = await launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
  cleanups.push(async () => chrome.kill())
  for (const page of measured) {
    const result = await lighthouse(page.url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] })
    const score = (key: string) => Math.round((result?.lhr.categories[key]?.score ?? 0) * 100)
    const performance = score('performance')
    const accessibility = score('accessibility')
    const failing = Object.values(result?.lhr.audits ?? {}).filter(audit => audit.score !== null && audit.score < 1 && result?.lhr.categories.accessibility?.auditRefs.some(ref => ref.id === audit.id && ref.weight > 0)).map(audit => audit.id)
    console.log(`\n${page.label}`)
    console.log(`  JavaScript  ${(page.jsGzip / 1024).toFixed(1)} KB gzipped in ${page.scripts} file(s)   target ≤ ${TARGETS.jsGzipBytes / 1024} KB  ${pass(page.jsGzip <= TARGETS.jsGzipBytes)}   (before ${BEFORE.jsKb} KB: ${(page.jsGzip / 1024 / BEFORE.jsKb).toFixed(3)} of it)`)
    console.log(`  requests    ${page.requests} on load (Chromium)   (before ${BEFORE.requests})`)
    console.log(`  Lighthouse  performance ${performance}   target ≥ ${TARGETS.performance}  ${pass(performance >= TARGETS.performance)}   (before ${BEFORE.performance})`)
    console.log(`              accessibility ${accessibility}   target ${TARGETS.accessibility}  ${pass(accessibility >= TARGETS.accessibility)}${failing.length ? `   failing: ${failing.join(', ')}` : ''}`)
  }
}

function dayAfter(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

try {
  await main()
}
finally {
  await cleanUp()
}

import { gzipSync } from 'node:zlib'
import { and, eq, sql } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { analyticsEvents, pages, projects } from '@flectar/db'
import { createProject, publishPage } from '@flectar/sites'
// Relative until the root package lists @flectar/analytics (it needs a `pnpm install`).
import { seedDemoAnalytics } from '@flectar/analytics'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpGet, httpRequest } from './support/apps'
import { launchBrowser, waitForHydration } from './support/browser'

const sitePort = inject('sitePort')
const adminPort = inject('adminPort')
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/flectar-analytics-screenshots'

describe('privacy-friendly analytics on a published site', () => {
  const database = openE2eDatabase()
  const { db } = database
  let browser: Browser
  let owner: Awaited<ReturnType<typeof database.createOwner>>
  let projectId: string
  let quietProjectId: string
  const site = `http://stats-salon.localhost:${sitePort}`

  const eventsOf = (id: string) => db.select().from(analyticsEvents).where(eq(analyticsEvents.projectId, id)).orderBy(analyticsEvents.id)
  async function waitForEvents(id: string, count: number, timeoutMs = 8000) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const rows = await eventsOf(id)
      if (rows.length >= count || Date.now() > deadline) return rows
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }
  // The site buffers events and writes them every second: wait past one flush.
  const settle = () => new Promise(resolve => setTimeout(resolve, 2500))
  // Headless Chromium says so in its user agent and is rightly dropped as a bot: visitors use a desktop Chrome's.
  const newVisitor = (browser: Browser, ip: string) => browser.newContext({ userAgent: CHROME, extraHTTPHeaders: { 'x-forwarded-for': ip } })
  function beaconRequests(page: Page) {
    const seen: string[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/event') seen.push(request.postData() ?? '')
    })
    return seen
  }

  beforeAll(async () => {
    owner = await database.createOwner('analytics-owner@example.com', 'Stats Org')
    for (const [slug, templateKey] of [['stats-salon', 'salon'], ['stats-quiet', 'link-in-bio']] as const) {
      const project = await createProject(db, owner.orgId, { name: `Site ${slug}`, slug, templateKey, timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR, { published: true })
      for (const page of await db.select().from(pages).where(eq(pages.projectId, project.id))) {
        await publishPage(db, { orgId: owner.orgId, projectId: project.id }, page.id, { ...SYSTEM_ACTOR, userId: owner.userId })
      }
      await db.update(projects).set({ modules: ['analytics'], analyticsCookieless: slug === 'stats-quiet' }).where(eq(projects.id, project.id))
      if (slug === 'stats-salon') projectId = project.id
      else quietProjectId = project.id
    }
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('adds only the tracker script to pages of a project with analytics on, and keeps it under 1 KB gzipped', async () => {
    const page = await httpGet(sitePort, '/', { host: `stats-salon.localhost:${sitePort}` })
    expect(page.status).toBe(200)
    expect(page.body.match(/<script[^>]*src=[^>]*>/g)).toEqual(['<script src="/js/script.js" defer>'])
    const quiet = await httpGet(sitePort, '/', { host: `stats-quiet.localhost:${sitePort}` })
    expect(quiet.body.match(/<script[^>]*src=[^>]*>/g)).toEqual(['<script src="/js/script.js" defer data-cookieless>'])
    const demo = await httpGet(sitePort, '/', { host: `demo.localhost:${sitePort}` })
    expect(demo.body).not.toContain('/js/script.js')

    const script = await httpGet(sitePort, '/js/script.js', { host: `stats-salon.localhost:${sitePort}` })
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toContain('javascript')
    expect(script.headers['set-cookie']).toBeUndefined()
    expect(gzipSync(script.body, { level: 9 }).length).toBeLessThanOrEqual(1024)
  })

  it('stores exactly one event per page view, with hashed ids and nothing else', async () => {
    const context = await newVisitor(browser, '203.0.113.71')
    const page = await context.newPage()
    const sent = beaconRequests(page)
    await page.goto(`${site}/?utm_source=Newsletter&utm_medium=email&utm_campaign=June&private=secret`, { referer: 'https://www.google.com/search?q=salon' })
    const [first] = await waitForEvents(projectId, 1)
    expect(first).toBeDefined()
    await settle()
    expect(await eventsOf(projectId)).toHaveLength(1)
    expect(sent).toHaveLength(1)

    const ids = await page.evaluate(() => ({ visitor: localStorage.getItem('flectar_v'), session: sessionStorage.getItem('flectar_s'), cookies: document.cookie }))
    expect(ids.visitor).toMatch(/^[\w-]{8,}$/)
    expect(ids.session).toMatch(/^[\w-]{8,}$/)
    expect(ids.cookies).toBe('')

    const row = first!
    expect(Object.keys(row).sort()).toEqual(['browser', 'country', 'device', 'id', 'language', 'name', 'occurredAt', 'os', 'path', 'projectId', 'props', 'referrerHost', 'sessionHash', 'utmCampaign', 'utmMedium', 'utmSource', 'visitorHash'])
    expect(row).toMatchObject({
      name: 'pageview', path: '/', referrerHost: 'google.com', utmSource: 'newsletter', utmMedium: 'email', utmCampaign: 'june',
      device: 'desktop', browser: 'Chrome', os: 'Linux', language: 'en', country: null, props: null,
    })
    expect(row.visitorHash).not.toBe(ids.visitor)
    expect(row.sessionHash).not.toBe(ids.session)
    expect(row.visitorHash).toMatch(/^[0-9a-f]{32}$/)
    const stored = JSON.stringify(row)
    expect(stored).not.toContain('203.0.113')
    expect(stored).not.toContain('127.0.0.1')
    expect(stored).not.toContain('Mozilla')
    expect(stored).not.toContain('secret')
    expect(stored).not.toContain(ids.visitor!)

    // A second page view, a client-side navigation and a custom event: one row each.
    await page.goto(`${site}/services`)
    await waitForEvents(projectId, 2)
    await page.evaluate(() => history.pushState({}, '', '/spa-step'))
    await waitForEvents(projectId, 3)
    await page.evaluate(() => (window as unknown as { flectar: (type: string, name: string, props: object) => void }).flectar('event', 'booking_started', { service: 'cut' }))
    await waitForEvents(projectId, 4)
    await settle()
    const rows = await eventsOf(projectId)
    expect(rows.map(event => [event.name, event.path])).toEqual([['pageview', '/'], ['pageview', '/services'], ['pageview', '/spa-step'], ['booking_started', '/spa-step']])
    expect(rows[3]!.props).toEqual({ service: 'cut' })
    expect(new Set(rows.map(event => event.visitorHash)).size).toBe(1)
    expect(new Set(rows.map(event => event.sessionHash)).size).toBe(1)
    expect(rows[1]!.referrerHost).toBeNull()
    await context.close()
  })

  it('sends nothing at all when the browser has Do Not Track or Global Privacy Control on', async () => {
    for (const signal of ['Object.defineProperty(Navigator.prototype, "doNotTrack", { get: () => "1" })', 'Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true })']) {
      const before = (await eventsOf(projectId)).length
      const context = await newVisitor(browser, '203.0.113.72')
      await context.addInitScript({ content: signal })
      const page = await context.newPage()
      const sent = beaconRequests(page)
      await page.goto(`${site}/`)
      await page.evaluate(() => (window as unknown as { flectar: (type: string, name: string) => void }).flectar('event', 'ignored'))
      await settle()
      expect(sent, signal).toEqual([])
      expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0)
      expect(await eventsOf(projectId)).toHaveLength(before)
      await context.close()
    }
  })

  it('stores nothing for DNT or Sec-GPC headers, bots, unknown hosts or projects without analytics', async () => {
    const before = (await eventsOf(projectId)).length
    const body = JSON.stringify({ n: 'pageview', p: '/header-check', v: 'v', s: 's', l: 'en', w: 'l' })
    const post = (headers: Record<string, string>, host = `stats-salon.localhost:${sitePort}`) =>
      httpRequest(sitePort, 'POST', '/api/event', { 'host': host, 'content-type': 'text/plain', 'user-agent': CHROME, 'x-forwarded-for': '203.0.113.73', ...headers }, body)
    expect((await post({ dnt: '1' })).status).toBe(202)
    expect((await post({ 'sec-gpc': '1' })).status).toBe(202)
    expect((await post({ 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })).status).toBe(202)
    expect((await post({}, `nobody.localhost:${sitePort}`)).status).toBe(202)
    expect((await post({}, `demo.localhost:${sitePort}`)).status).toBe(202)
    expect((await httpRequest(sitePort, 'POST', '/api/event', { 'host': `stats-salon.localhost:${sitePort}`, 'user-agent': CHROME, 'x-forwarded-for': '203.0.113.73' }, JSON.stringify({ n: 'pageview', p: `/${'x'.repeat(5000)}` }))).status).toBe(413)
    expect((await httpRequest(sitePort, 'POST', '/api/event', { 'host': `stats-salon.localhost:${sitePort}`, 'user-agent': CHROME, 'x-forwarded-for': '203.0.113.73' }, '{"n":"pageview","p":"no-slash"}')).status).toBe(400)
    await settle()
    expect(await eventsOf(projectId)).toHaveLength(before)
    const [{ count }] = await db.execute<{ count: number }>(sql`select count(*)::int as count from analytics_events where path = '/header-check'`) as unknown as [{ count: number }]
    expect(count).toBe(0)
    // The same request without the signals is counted (the checks above are not vacuous).
    expect((await post({ 'cf-ipcountry': 'PT' })).status).toBe(202)
    const rows = await waitForEvents(projectId, before + 1)
    expect(rows.at(-1)).toMatchObject({ path: '/header-check', country: 'PT' })
  })

  it('counts visitors in cookieless mode without storing anything in the browser', async () => {
    const context = await newVisitor(browser, '203.0.113.74')
    const page = await context.newPage()
    await page.goto(`http://stats-quiet.localhost:${sitePort}/`)
    const rows = await waitForEvents(quietProjectId, 1)
    expect(rows).toHaveLength(1)
    expect(await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookies: document.cookie }))).toEqual({ local: 0, session: 0, cookies: '' })
    expect(await context.cookies()).toEqual([])
    await page.reload()
    const again = await waitForEvents(quietProjectId, 2)
    expect(again[1]!.visitorHash).toBe(again[0]!.visitorHash)
    expect(again[0]!.visitorHash).toMatch(/^[0-9a-f]{32}$/)
    await context.close()
  })

  it('shows seeded traffic on the dashboard, and a filter narrows every panel', async () => {
    await seedDemoAnalytics(db, projectId, { days: 28, sessionsPerDay: 30 })
    const base = `/api/orgs/${owner.orgId}/projects/${projectId}/analytics`
    const all = JSON.parse((await adminApi('GET', `${base}?range=30d`, { cookie: owner.cookie })).body)
    const mobile = JSON.parse((await adminApi('GET', `${base}?range=30d&device=mobile`, { cookie: owner.cookie })).body)
    expect(all.totals.visitors).toBeGreaterThan(100)
    expect(mobile.totals.visitors).toBeLessThan(all.totals.visitors)
    // The seeded booking funnel: fewer at each step, and the goals list the same custom events.
    const [visited, started, confirmed] = all.funnel.steps as Array<{ name: string, visitors: number }>
    expect([visited!.name, started!.name, confirmed!.name]).toEqual(['pageview', 'booking_started', 'booking_confirmed'])
    expect(visited!.visitors).toBe(all.totals.visitors)
    expect(started!.visitors).toBeGreaterThan(confirmed!.visitors)
    expect(confirmed!.visitors).toBeGreaterThan(0)
    expect(all.goals.map((goal: { name: string }) => goal.name)).toContain('booking_confirmed')
    // Revenue by source: the seeded deposits paid online, summed per source and overall.
    const revenueBySource = (all.funnel.sources as Array<{ revenue: number }>).reduce((sum, row) => sum + row.revenue, 0)
    expect(all.funnel.revenue).toBeGreaterThan(0)
    expect(all.funnel.revenue % 1300).toBe(0)
    expect(revenueBySource).toBeLessThanOrEqual(all.funnel.revenue)
    expect(revenueBySource).toBeGreaterThan(0)
    for (const [dimension, rows] of Object.entries(mobile.breakdowns as Record<string, Array<{ pageviews: number }>>)) {
      const sum = (list: Array<{ pageviews: number }>) => list.reduce((total, row) => total + row.pageviews, 0)
      expect(sum(rows), dimension).toBeLessThan(sum(all.breakdowns[dimension]))
    }
    const csv = await adminApi('GET', `${base}/export?range=7d`, { cookie: owner.cookie })
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\n')[0]).toBe('section,value,visitors,pageviews,sessions,bounce_rate,visit_duration_s')
    const realtime = JSON.parse((await adminApi('GET', `${base}/realtime`, { cookie: owner.cookie })).body)
    expect(realtime.visitors).toBeGreaterThanOrEqual(1)

    const [name, value] = owner.cookie.split('=') as [string, string]
    for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 812 }]) {
      const context = await browser.newContext({ viewport })
      await context.addCookies([{ name, value, url: `http://localhost:${adminPort}` }])
      const page = await context.newPage()
      await page.goto(`http://localhost:${adminPort}/projects/${projectId}?tab=analytics`)
      await waitForHydration(page)
      const visitors = page.locator('[data-metric="visitors"] [data-value]')
      await visitors.waitFor()
      await page.locator('[data-testid="traffic-chart"] svg').first().waitFor()
      const shown = Number((await visitors.textContent() ?? '').replace(/\D/g, ''))
      expect(shown).toBe(all.totals.visitors)
      const booked = page.locator('[data-testid="booking-funnel"] [data-step="booking_confirmed"] [data-visitors]')
      await booked.scrollIntoViewIfNeeded()
      expect(Number((await booked.textContent() ?? '').replace(/\D/g, ''))).toBe(confirmed!.visitors)
      // "€1,300.00": its digits are the amount in cents.
      expect((await page.locator('[data-testid="funnel-revenue"]').textContent() ?? '').replace(/\D/g, '')).toBe(String(all.funnel.revenue))
      await page.waitForTimeout(500)
      await page.screenshot({ path: `${SCREENSHOTS}/analytics-${viewport.width}.png`, fullPage: true })
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(scrollWidth, 'no sideways scrolling').toBeLessThanOrEqual(viewport.width)

      if (viewport.width > 1000) {
        await page.locator('[data-breakdown="device"] button', { hasText: 'mobile' }).click()
        await page.locator('[data-testid="filters"]', { hasText: 'Device: mobile' }).waitFor()
        // The dashboard reloads every panel for a filter; on a busy 2-core runner that takes more than poll's default second.
        await expect.poll(async () => Number((await visitors.textContent() ?? '').replace(/\D/g, '')), { timeout: 10_000 }).toBe(mobile.totals.visitors)
        await page.screenshot({ path: `${SCREENSHOTS}/analytics-filtered.png`, fullPage: true })
        await page.getByRole('button', { name: 'Remove filter Device' }).click()
        await expect.poll(async () => Number((await visitors.textContent() ?? '').replace(/\D/g, '')), { timeout: 10_000 }).toBe(all.totals.visitors)
      }
      await context.close()
    }
    const stored = await db.select({ id: analyticsEvents.id }).from(analyticsEvents).where(and(eq(analyticsEvents.projectId, projectId), eq(analyticsEvents.name, 'pageview')))
    expect(stored.length).toBeGreaterThan(all.totals.visitors)
  })
})

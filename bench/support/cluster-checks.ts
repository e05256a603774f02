import { randomBytes } from 'node:crypto'
import { DEMO_PROJECT_SLUG } from '@flectar/sites'
import type { RunningApp } from '../../e2e/support/apps'
import { header, json, msUntil, nextVisitor, siteRequest, type AdminClient } from './cluster-http'
import type { ClusterStack } from './cluster-stack'

/** One line of the report: PASS or FAIL, with the figures that decided it. */
export interface CheckResult {
  label: string
  pass: boolean
  figures: string[]
}

const PURGE_DEADLINE_MS = 1000
const ms = (value: number | undefined) => value === undefined ? 'never' : `${value.toFixed(0)} ms`

interface PageRow { id: string, path: string, locale: string }
interface PageDetail { draft: { blocks: Array<{ content: Record<string, unknown> }> }, draftVersion: number }

/** The x-cache (or x-flectar-cache) header of a page answer: how the instance answered it. */
const cacheState = (result: Parameters<typeof header>[0]) => header(result, 'x-flectar-cache') || header(result, 'x-cache') || 'none'

/**
 * (a) Edits the heading of the demo home page's first block through admin 1 and publishes it,
 * then polls each site instance directly (not through the proxy) until it serves the new
 * heading: the NOTIFY of the publish must reach both. Both caches are warmed first, so a
 * stale cached page would show.
 */
export async function checkPublishPurgesBothSites(stack: ClusterStack, admin: AdminClient, label: string): Promise<CheckResult> {
  const { orgId, demoProjectId } = stack.seed
  const adminPort = stack.admins[0]!.port
  const base = `/api/orgs/${orgId}/projects/${demoProjectId}/pages`
  const home = json<{ data: PageRow[] }>(await admin.call(adminPort, 'GET', base))?.data.find(page => page.path === '/')
  if (!home) throw new Error('The demo project has no home page')
  const page = json<PageDetail>(await admin.call(adminPort, 'GET', `${base}/${home.id}`))!
  const visitor = nextVisitor()
  const get = (site: RunningApp) => siteRequest(site.port, DEMO_PROJECT_SLUG, 'GET', '/', { visitor })
  const hitsBefore: string[] = []
  for (const site of stack.sites) {
    await get(site)
    hitsBefore.push(cacheState(await get(site)))
  }

  const marker = `Cluster ${randomBytes(4).toString('hex')}`
  const block = page.draft.blocks.find(candidate => typeof candidate.content.heading === 'string')
  if (!block) throw new Error('The demo home page has no block with a heading')
  block.content.heading = `${String(block.content.heading).replace(/ · Cluster \w+$/, '')} · ${marker}`
  const saved = await admin.call(adminPort, 'PUT', `${base}/${home.id}/draft`, { version: page.draftVersion, content: page.draft })
  if (saved.status !== 200) throw new Error(`Saving the draft answered ${saved.status}: ${saved.body}`)
  const sentAt = performance.now()
  const published = await admin.call(adminPort, 'POST', `${base}/${home.id}/publish`)
  const publishMs = performance.now() - sentAt
  if (published.status !== 200) throw new Error(`Publishing answered ${published.status}: ${published.body}`)
  const seen = await Promise.all(stack.sites.map(site => msUntil(async () => (await get(site)).body.includes(marker), sentAt, 5000)))
  return {
    label,
    pass: seen.every(value => value !== undefined && value <= PURGE_DEADLINE_MS),
    figures: [
      `both caches warm before (cache header of a second GET: ${hitsBefore.join(', ')}); publish via admin 1 answered in ${ms(publishMs)}`,
      ...seen.map((value, index) => `site ${index + 1} served the new heading ${ms(value)} after the publish was sent (limit ${PURGE_DEADLINE_MS} ms)`),
    ],
  }
}

/**
 * (b) Counts up to a limit on instance 1, then asks instance 2: it must refuse (429) what the
 * first already counted. Admin: 10 sign-ins per 15 min per client; site: 20 booking requests
 * per 10 min per client (invalid bodies, so nothing is booked: the limit counts before parsing).
 */
export async function checkRateLimitsShared(stack: ClusterStack, admin: AdminClient): Promise<CheckResult> {
  const figures: string[] = []
  let pass = true
  const adminVisitor = nextVisitor()
  const email = `limit-${randomBytes(4).toString('hex')}@example.com`
  const signIn = (app: RunningApp, attempt: number) => admin.call(app.port, 'POST', '/api/auth/sign-in', { email, password: `wrong ${attempt}` }, { 'x-forwarded-for': adminVisitor })
  const adminStatuses: number[] = []
  for (let attempt = 0; attempt < 10; attempt++) adminStatuses.push((await signIn(stack.admins[0]!, attempt)).status)
  const adminNext = await signIn(stack.admins[1]!, 10)
  const adminOk = !adminStatuses.includes(429) && adminNext.status === 429
  pass &&= adminOk
  figures.push(`admin sign-in (10 per 15 min): 10 attempts on admin 1 → ${summarise(adminStatuses)}; the 11th on admin 2 → ${adminNext.status}${adminNext.status === 429 ? ` (Retry-After ${header(adminNext, 'retry-after')} s)` : ''}`)

  const siteVisitor = nextVisitor()
  const book = (site: RunningApp) => siteRequest(site.port, 'cluster-clinic', 'POST', '/api/v1/projects/cluster-clinic/bookings', { body: {}, visitor: siteVisitor })
  const siteStatuses: number[] = []
  for (let attempt = 0; attempt < 20; attempt++) siteStatuses.push((await book(stack.sites[0]!)).status)
  const siteNext = await book(stack.sites[1]!)
  const siteOk = !siteStatuses.includes(429) && siteNext.status === 429
  pass &&= siteOk
  figures.push(`site booking API (20 per 10 min): 20 requests on site 1 → ${summarise(siteStatuses)}; the 21st on site 2 → ${siteNext.status}${siteNext.status === 429 ? ` (Retry-After ${header(siteNext, 'retry-after')} s)` : ''}`)
  return { label: '(b) rate limits are shared by the instances', pass, figures }
}

/** `[401, 401, 422]` → `2× 401, 1× 422`. */
export function summarise(statuses: Array<number | string>): string {
  const counts = new Map<number | string, number>()
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1)
  return [...counts].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([status, count]) => `${count}× ${status}`).join(', ') || 'none'
}

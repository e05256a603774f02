import { and, eq, inArray } from 'drizzle-orm'
import { bookings } from '@flectar/db'
import { DEMO_PROJECT_SLUG } from '@flectar/sites'
import { httpGet } from '../../e2e/support/apps'
import { header, json, msUntil, siteRequest } from './cluster-http'
import { CLINIC_SLUG, CLINIC_TIME_ZONE } from './cluster-seed'
import type { ClusterStack } from './cluster-stack'
import { summarise, type CheckResult } from './cluster-checks'

const ACTIVE = ['pending', 'pending_payment', 'confirmed'] as const
const HEALTH_DEADLINE_MS = 5000
/** How long PostgreSQL stays down between its stop and its start: a restart or a managed failover takes seconds. */
const OUTAGE_MS = 3000
const day = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10)

/** Free slot starts of a service between two days ahead, through the site proxy. */
export async function freeSlots(stack: ClusterStack, serviceId: string, fromDaysAhead: number, toDaysAhead: number): Promise<string[]> {
  const result = await siteRequest(stack.proxies.sites, CLINIC_SLUG, 'GET', `/api/v1/projects/${CLINIC_SLUG}/availability?serviceId=${serviceId}&from=${day(fromDaysAhead)}&to=${day(toDaysAhead)}&timeZone=${CLINIC_TIME_ZONE}`)
  const slots = json<{ slots: Array<{ start: string }> }>(result)?.slots
  if (result.status !== 200 || !slots) throw new Error(`Availability answered ${result.status}: ${result.body}`)
  return slots.map(slot => slot.start)
}

async function book(port: number, serviceId: string, start: string, who: string) {
  const result = await siteRequest(port, CLINIC_SLUG, 'POST', `/api/v1/projects/${CLINIC_SLUG}/bookings`, {
    body: { serviceId, start, timeZone: CLINIC_TIME_ZONE, customer: { name: who, email: `${who}@example.com` } },
  })
  return { status: result.status, id: json<{ id?: string }>(result)?.id, upstream: header(result, 'x-bench-upstream') }
}

/** (c) 200 concurrent bookings of one slot through the site proxy (so spread over both sites): one 201, 199 409, one row. */
export async function checkOneOfManyBookings(stack: ClusterStack): Promise<CheckResult> {
  const start = (await freeSlots(stack, stack.seed.raceServiceId, 3, 3))[2]!
  const began = performance.now()
  const answers = await Promise.all(Array.from({ length: 200 }, (_, index) => book(stack.proxies.sites, stack.seed.raceServiceId, start, `racer-${index}`)))
  const elapsed = performance.now() - began
  const rows = await stack.db.select({ id: bookings.id }).from(bookings)
    .where(and(eq(bookings.serviceId, stack.seed.raceServiceId), eq(bookings.startsAt, new Date(start)), inArray(bookings.status, [...ACTIVE])))
  const created = answers.filter(answer => answer.status === 201)
  const conflicts = answers.filter(answer => answer.status === 409).length
  const perInstance = summarise(answers.map(answer => `site on :${answer.upstream}`))
  return {
    label: '(c) 200 concurrent bookings of one slot over both sites → exactly one',
    pass: created.length === 1 && conflicts === 199 && rows.length === 1 && rows[0]!.id === created[0]!.id,
    figures: [
      `slot ${start}; requests per instance: ${perInstance}; all answered in ${elapsed.toFixed(0)} ms`,
      `answers: ${summarise(answers.map(answer => answer.status))}; active booking rows for the slot: ${rows.length}${rows.length === 1 && created.length === 1 ? (rows[0]!.id === created[0]!.id ? ' (the one answered 201)' : ' (NOT the one answered 201)') : ''}`,
    ],
  }
}

export interface LoadOutcome {
  bookings: Array<{ start: string, status: number | 'error', id?: string }>
  pageViews: Array<number | 'error'>
}

/** Books `slots` one after another and views the demo home page, through the proxy, until `signal` says stop. */
export function runLoad(stack: ClusterStack, slots: string[], stop: { now: boolean }, clients = { booking: 6, pageViews: 4 }): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { bookings: [], pageViews: [] }
  let next = 0
  const booker = async () => {
    while (!stop.now && next < slots.length) {
      const start = slots[next++]!
      const answer = await book(stack.proxies.sites, stack.seed.loadServiceId, start, `load-${next}`).catch(() => ({ status: 'error' as const, id: undefined }))
      outcome.bookings.push({ start, status: answer.status, id: answer.id })
    }
  }
  const viewer = async () => {
    while (!stop.now) {
      const status = await siteRequest(stack.proxies.sites, DEMO_PROJECT_SLUG, 'GET', '/', { timeoutMs: 5000 }).then(result => result.status, () => 'error' as const)
      outcome.pageViews.push(status)
      if (status === 'error' || status >= 500) await new Promise(resolve => setTimeout(resolve, 20))
    }
  }
  return Promise.all([...Array.from({ length: clients.booking }, booker), ...Array.from({ length: clients.pageViews }, viewer)]).then(() => outcome)
}

/**
 * (e) PostgreSQL stopped, left down 3 s and started again (same port and data) while bookings
 * and page views run: every app instance answers /api/health 200 within 5 s of the database being back, and
 * the bookings table holds exactly the bookings that were answered 201, each once.
 */
export async function checkPostgresRestart(stack: ClusterStack): Promise<CheckResult> {
  const slots = await freeSlots(stack, stack.seed.loadServiceId, 2, 40)
  const stop = { now: false }
  const load = runLoad(stack, slots, stop)
  await new Promise(resolve => setTimeout(resolve, 2000))
  const stopping = performance.now()
  await stack.stopPostgres()
  const down = performance.now()
  await new Promise(resolve => setTimeout(resolve, OUTAGE_MS))
  const starting = performance.now()
  await stack.startPostgres()
  const up = performance.now()
  const apps = [...stack.sites.map((app, index) => ({ name: `site ${index + 1}`, app })), ...stack.admins.map((app, index) => ({ name: `admin ${index + 1}`, app }))]
  const healthy = await Promise.all(apps.map(({ app }) => msUntil(async () => (await httpGet(app.port, '/api/health')).status === 200, up, 20_000, 50)))
  await new Promise(resolve => setTimeout(resolve, 3000))
  stop.now = true
  const outcome = await load

  const rows = await stack.db.select({ id: bookings.id, startsAt: bookings.startsAt, status: bookings.status }).from(bookings).where(eq(bookings.serviceId, stack.seed.loadServiceId))
  const acknowledged = outcome.bookings.filter(booking => booking.status === 201)
  const rowsById = new Map(rows.map(row => [row.id, row]))
  const lost = acknowledged.filter(booking => !booking.id || rowsById.get(booking.id)?.startsAt.getTime() !== new Date(booking.start).getTime())
  const acknowledgedIds = new Set(acknowledged.map(booking => booking.id))
  const extra = rows.filter(row => !acknowledgedIds.has(row.id))
  const starts = rows.filter(row => (ACTIVE as readonly string[]).includes(row.status)).map(row => row.startsAt.getTime())
  const doubled = starts.length - new Set(starts).size
  const pass = healthy.every(value => value !== undefined && value <= HEALTH_DEADLINE_MS) && lost.length === 0 && extra.length === 0 && doubled === 0
  return {
    label: '(e) PostgreSQL restarted mid-load → healthy within 5 s, no booking lost or doubled',
    pass,
    figures: [
      `PostgreSQL stopped after 2 s of load (in ${(down - stopping).toFixed(0)} ms), left down ${OUTAGE_MS} ms, started again in ${(up - starting).toFixed(0)} ms on the same port and data directory`,
      `healthy again after it was back: ${apps.map(({ name }, index) => `${name} ${healthy[index] === undefined ? 'NEVER (20 s)' : `${healthy[index]!.toFixed(0)} ms`}`).join(', ')} (limit ${HEALTH_DEADLINE_MS} ms)`,
      `booking requests: ${outcome.bookings.length} (${summarise(outcome.bookings.map(booking => booking.status))}); page views: ${outcome.pageViews.length} (${summarise(outcome.pageViews)})`,
      `rows for the load service: ${rows.length}; answered 201 but missing: ${lost.length}; present but never answered 201: ${extra.length}; a slot held twice: ${doubled}`,
    ],
  }
}

import type { H3Event } from 'h3'
import { beaconSchema, deriveEvent, dropReason } from '@flectar/analytics'

// Per instance and IP-derived key: generous for real visitors, a wall for floods. In memory,
// so the request path makes no database round trip.
const BEACON_LIMIT = { name: 'site_event', points: 120, durationSeconds: 60, store: 'memory' } as const

/**
 * The tracker's beacon. Answers 202 and stores nothing when the visitor asked not to be
 * tracked (DNT, GPC), is a bot, or the host has no project with analytics on. Otherwise the
 * event joins the in-memory buffer that is written in batches. Bodies over MAX_EVENT_BYTES are
 * refused by the body-limit route rule (nuxt.config) before this runs.
 */
export default defineEventHandler(async (event) => {
  setResponseHeader(event, 'cache-control', 'no-store')
  const headers = getRequestHeaders(event)
  if (dropReason(headers)) return accepted(event)

  const site = await resolveRequestSite(event)
  if (!site || !site.project.modules.includes('analytics')) return accepted(event)

  const ipKey = clientIpKey(event)
  await limitRequest(event, BEACON_LIMIT, [ipKey])

  const raw = await readRawBody(event, 'utf8')
  if (!raw) throw createError({ statusCode: 400, statusMessage: 'Empty event' })
  let json: unknown
  try {
    json = JSON.parse(raw)
  }
  catch {
    throw createError({ statusCode: 400, statusMessage: 'Invalid event' })
  }
  const beacon = beaconSchema.safeParse(json)
  if (!beacon.success) throw createError({ statusCode: 400, statusMessage: 'Invalid event' })

  useAnalyticsBuffer().push(deriveEvent(beacon.data, {
    projectId: site.project.id,
    host: requestHost(event),
    userAgent: headers['user-agent'] ?? '',
    ipKey,
    headers,
    cookieless: site.project.analyticsCookieless,
    salt: await analyticsSalt(),
    countryHeader: process.env.COUNTRY_HEADER || undefined,
  }))
  return accepted(event)
})

function accepted(event: H3Event) {
  setResponseStatus(event, 202)
  return ''
}

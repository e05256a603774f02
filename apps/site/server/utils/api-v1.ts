import type { EventHandler, EventHandlerRequest, H3Event } from 'h3'
import { planGuard } from '@flectar/billing'
import { verifyApiKey, type ApiKeyScope, type BookingEnv } from '@flectar/bookings'
import { ForbiddenError, NotFoundError, UnauthorizedError } from '@flectar/errors'
import { findProjectBySlug, type Project } from '@flectar/sites'

/**
 * The public API's envelope: CORS open to any origin (no cookies are ever read; preflights are
 * answered by the api-v1-preflight middleware) and no caching. Errors are answered by the apps'
 * one error mapper (app-base) as `{ "error": { "code", "message", …details, "requestId" } }`.
 */
export function defineApiV1Handler<T>(handler: (event: H3Event) => Promise<T>): EventHandler<EventHandlerRequest, Promise<T>> {
  return defineEventHandler(async (event) => {
    setResponseHeaders(event, { ...API_V1_CORS, 'cache-control': 'no-store' })
    return await handler(event)
  })
}

/** The project named in the path, or a 404 in the API's shape. */
export async function apiProject(event: H3Event): Promise<Project> {
  const project = await findProjectBySlug(useDatabase().db, getRouterParam(event, 'slug') ?? '')
  if (!project) throw new NotFoundError('There is no site with this address.', 'project_not_found')
  return project
}

/**
 * A request's API key, if it sent one (`Authorization: Bearer flk_…`): it must belong to
 * this project and carry the scope. Without a key the public endpoints still answer, rate
 * limited per IP-derived key.
 */
export async function apiKeyOf(event: H3Event, project: Project, scope: ApiKeyScope): Promise<{ id: string } | undefined> {
  const header = getRequestHeader(event, 'authorization')
  if (!header) return undefined
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  const key = match ? await verifyProjectApiKey(match[1]!) : null
  if (!key || key.projectId !== project.id) throw new UnauthorizedError('The API key is not valid for this site.', 'invalid_api_key')
  if (!key.scopes.includes(scope)) throw new ForbiddenError(`This API key lacks the ${scope} scope.`, 'insufficient_scope')
  return { id: key.id }
}

/** Where links in this project's booking emails point. */
export async function siteBookingEnv(event: H3Event, project: Project): Promise<BookingEnv> {
  const config = useServerConfig()
  const url = getRequestURL(event, { xForwardedHost: config.TRUST_PROXY, xForwardedProto: config.TRUST_PROXY })
  const site = await resolveRequestSite(event)
  const siteOrigin = site?.project.id === project.id
    ? url.origin
    : `${url.protocol}//${project.slug}.${config.PLATFORM_DOMAIN}${url.port ? `:${url.port}` : ''}`
  return {
    siteOrigin,
    secret: config.SESSION_SECRET,
    adminUrl: adminProjectUrl(project.id, 'bookings'),
    withinPlan: planGuard(useBillingConfig(), project.orgId, { limit: 'bookingsPerMonth', audience: 'visitor' }),
    reportError: error => useLogger().error('Offering a freed slot to the waitlist failed; the minute job tries again', { error, projectId: project.id }),
  }
}

/** Rate limits a public API call: per API key when one was sent, else per IP-derived key. */
export async function limitApiCall(event: H3Event, kind: 'api_read' | 'api_book' | 'api_manage' | 'api_upload', apiKey?: { id: string }) {
  if (apiKey) await enforceSiteRateLimit(event, 'api_key', `key:${apiKey.id}`)
  else await enforceSiteRateLimit(event, kind)
}

async function verifyProjectApiKey(plainKey: string) {
  return verifyApiKey(useDatabase().db, plainKey)
}

/** The public API's one CORS policy (the preflight middleware and every v1 answer). */
export const API_V1_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
  'access-control-expose-headers': 'retry-after, x-request-id',
  'access-control-max-age': 600,
} as const

import type { EventHandler, EventHandlerRequest, H3Event } from 'h3'
import { verifyApiKey, type ApiKeyScope, type BookingEnv } from '@flectar/bookings'
import { AppError, NotFoundError, UnauthorizedError } from '@flectar/errors'
import { findProjectBySlug, type Project } from '@flectar/sites'

/**
 * The public API's envelope: CORS open to any origin (no cookies are ever read), errors as
 * `{ "error": { "code", "message", …details } }` with their status, and nothing internal in a 500.
 */
export function defineApiV1Handler<T>(handler: (event: H3Event) => Promise<T>): EventHandler<EventHandlerRequest, Promise<T | { error: Record<string, unknown> } | ''>> {
  return defineEventHandler(async (event) => {
    setResponseHeaders(event, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-max-age': 600,
      'cache-control': 'no-store',
    })
    if (event.method === 'OPTIONS') {
      setResponseStatus(event, 204)
      return ''
    }
    try {
      return await handler(event)
    }
    catch (error) {
      return apiError(event, error)
    }
  })
}

function apiError(event: H3Event, error: unknown) {
  if (error instanceof AppError) {
    const { code, ...details } = error.data
    if (error.statusCode === 429) setResponseHeader(event, 'retry-after', Number(details.retryAfterSeconds ?? 60))
    setResponseStatus(event, error.statusCode)
    return { error: { code, message: error.message, ...details } }
  }
  const status = (error as { statusCode?: number })?.statusCode
  if (status && status >= 400 && status < 500) {
    setResponseStatus(event, status)
    return { error: { code: status === 413 ? 'payload_too_large' : status === 405 ? 'method_not_allowed' : 'bad_request', message: (error as Error).message || 'Bad request.' } }
  }
  useLogger().error('Public API request failed', { error, path: event.path })
  setResponseStatus(event, 500)
  return { error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' } }
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
  if (!key.scopes.includes(scope)) throw new AppError(403, 'insufficient_scope', `This API key lacks the ${scope} scope.`)
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
    adminUrl: `${config.ADMIN_URL.replace(/\/$/, '')}/projects/${project.id}?tab=bookings`,
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

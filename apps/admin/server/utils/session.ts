import type { H3Event } from 'h3'
import { requireOrgRole, validateSession, type Actor, type Role } from '@flectar/accounts'
import { UnauthorizedError } from '@flectar/errors'

export const SESSION_COOKIE = 'flectar_session'
export const CHALLENGE_COOKIE = 'flectar_2fa'

export function setSessionCookie(event: H3Event, token: string) {
  setCookie(event, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: useServerConfig().NODE_ENV === 'production',
    sameSite: 'lax',
    path: '/',
    maxAge: 30 * 24 * 60 * 60,
  })
}

export function clearSessionCookie(event: H3Event) {
  deleteCookie(event, SESSION_COOKIE, { path: '/' })
}

/** Holds the 2FA challenge between the password step and the code step (5 minutes). */
export function setChallengeCookie(event: H3Event, token: string) {
  setCookie(event, CHALLENGE_COOKIE, token, {
    httpOnly: true,
    secure: useServerConfig().NODE_ENV === 'production',
    sameSite: 'strict',
    path: '/api/auth',
    maxAge: 5 * 60,
  })
}

type Auth = NonNullable<Awaited<ReturnType<typeof validateSession>>>

/** The signed-in user and session for this request, or undefined. */
export async function getAuth(event: H3Event): Promise<Auth | undefined> {
  if ('auth' in event.context) return event.context.auth as Auth | undefined
  const token = getCookie(event, SESSION_COOKIE)
  const auth = token ? await validateSession(useDatabase().db, token) : undefined
  event.context.auth = auth
  return auth
}

export async function requireAuth(event: H3Event): Promise<Auth> {
  const auth = await getAuth(event)
  if (!auth) throw new UnauthorizedError()
  return auth
}

/**
 * The one guard for org-scoped routes: signed in, a member of `orgId` with at least
 * `minimum`. Another tenant's id answers 404, like a missing one. `actor` is who the package
 * functions audit the change as.
 */
export async function requireOrgMember(event: H3Event, orgId: string | undefined, minimum: Role) {
  const auth = await requireAuth(event)
  const membership = await requireOrgRole(useDatabase().db, auth.user.id, orgId ?? '', minimum)
  const actor: Actor = { userId: auth.user.id, context: getRequestContext(event) }
  return { ...auth, ...membership, actor }
}

import { and, desc, eq } from 'drizzle-orm'
import { inject } from 'vitest'
import { createInvitation, createSession, signUp, verifyEmail, type AccountsEnv, type RequestContext } from '@flectar/accounts'
import { createDb, memberships, outboxMessages, users } from '@flectar/db'
import { createKeyRing } from '@flectar/security'
import { httpRequest } from './apps'

/** Direct access to the e2e database, for arranging data the way the app itself would. */
export function openE2eDatabase() {
  const appEnv = inject('appEnv')
  const connection = createDb(appEnv.DATABASE_URL!, { max: 2 })
  const env: AccountsEnv = { adminUrl: appEnv.ADMIN_URL!, keyRing: createKeyRing(appEnv.ENCRYPTION_KEY!) }
  const context: RequestContext = { ipKey: 'e2e-setup', userAgent: 'e2e', location: '' }

  /** The newest link in an email of `template` to `to`, as the recipient would click it. */
  async function linkFromEmail(to: string, template: string): Promise<string> {
    const [message] = await connection.db.select().from(outboxMessages)
      .where(and(eq(outboxMessages.to, to), eq(outboxMessages.template, template)))
      .orderBy(desc(outboxMessages.createdAt)).limit(1)
    const link = message?.text.match(/https?:\/\/\S+/)?.[0]
    if (!link) throw new Error(`no ${template} email to ${to}`)
    return link
  }

  /** A verified owner of a new org, signed in: returns the session cookie value. */
  async function createOwner(email: string, organizationName: string) {
    await signUp(connection.db, env, context, { email, password: 'e2e password 123', name: 'E2E', surname: organizationName, organizationName })
    const token = new URL(await linkFromEmail(email, 'auth.verify_email')).searchParams.get('token')!
    const verified = await verifyEmail(connection.db, context, token)
    if (verified.status !== 'signed_in') throw new Error('expected a session')
    const user = (await connection.db.query.users.findFirst({ where: eq(users.email, email) }))!
    const membership = (await connection.db.query.memberships.findFirst({ where: eq(memberships.userId, user.id) }))!
    return { userId: user.id, orgId: membership.orgId, cookie: `flectar_session=${verified.sessionToken}` }
  }

  return {
    ...connection,
    env,
    context,
    linkFromEmail,
    createOwner,
    createSession: (userId: string) => createSession(connection.db, userId, context),
    createInvitation: (actorId: string, orgId: string, email: string) => createInvitation(connection.db, env, context, actorId, orgId, { email, role: 'viewer' }),
  }
}

/** A same-origin JSON call to the admin API, as the admin app's pages make it. */
export async function adminApi(method: string, path: string, options: { cookie?: string, body?: unknown, headers?: Record<string, string> } = {}) {
  const port = inject('adminPort')
  const body = options.body === undefined ? undefined : JSON.stringify(options.body)
  return await httpRequest(port, method, path, {
    origin: `http://localhost:${port}`,
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...options.headers,
  }, body)
}

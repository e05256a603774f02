import { randomBytes } from 'node:crypto'
import { and, desc, eq } from 'drizzle-orm'
import { outboxMessages } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { createKeyRing } from '@flectar/security'
import type { AccountsEnv, RequestContext } from './context'
import { signUp, verifyEmail } from './sign-up'

/** A migrated database of the test file's own plus what account flows need. Integration tests only. */
export async function createAccountsFixture() {
  const database = await createTestDatabase()
  const env: AccountsEnv = { adminUrl: 'http://admin.test', keyRing: createKeyRing(randomBytes(32).toString('base64')) }
  const context: RequestContext = { ipKey: 'ipkey-test', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36', location: 'ES' }

  /** The token in the newest email of `template` sent to `to` (as the user would click it). */
  async function tokenFromEmail(to: string, template: string): Promise<string> {
    const [message] = await database.db.select().from(outboxMessages)
      .where(and(eq(outboxMessages.to, to), eq(outboxMessages.template, template)))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(1)
    const match = message && /(?:token=|invitations\/)([\w-]+)/.exec(message.text)
    if (!match?.[1]) throw new Error(`No ${template} email with a link for ${to}`)
    return decodeURIComponent(match[1])
  }

  /** Signs up and verifies a new account; returns its session token. */
  async function createVerifiedUser(email: string, password = 'correct horse battery', organizationName = 'Test Studio') {
    await signUp(database.db, env, context, { email, password, name: 'Test', surname: 'User', organizationName })
    const result = await verifyEmail(database.db, context, await tokenFromEmail(email, 'auth.verify_email'))
    if (result.status !== 'signed_in') throw new Error('expected a session after verification')
    const user = await database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.email, email) })
    const membership = await database.db.query.memberships.findFirst({ where: (m, { eq }) => eq(m.userId, user!.id) })
    return { userId: user!.id, orgId: membership!.orgId, sessionToken: result.sessionToken }
  }

  return { ...database, env, context, tokenFromEmail, createVerifiedUser }
}

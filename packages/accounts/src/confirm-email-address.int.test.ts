import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, outboxMessages, sessions, users } from '@flectar/db'
import { requestMagicLink, requestPasswordReset, resetPassword, signInWithMagicLink } from './password-reset'
import { createSession, validateSession } from './sessions'
import { signInWithPassword } from './sign-in'
import { signUp } from './sign-up'
import { createAccountsFixture } from './test-support'

describe('proving an email address on an account that was never verified', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  beforeAll(async () => {
    fixture = await createAccountsFixture()
  })
  afterAll(() => fixture.drop())

  const userByEmail = async (email: string) => (await fixture.db.select().from(users).where(eq(users.email, email)))[0]!
  const sessionCount = async (userId: string) => (await fixture.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)))[0]!.n

  it('a password chosen by whoever registered the victim\'s address stops working once the victim signs in with a magic link', async () => {
    const victim = 'victim@example.com'
    const attackerPassword = 'attacker chose this 1'
    await signUp(fixture.db, fixture.env, fixture.context, { email: victim, password: attackerPassword, name: 'Mallory', surname: '', organizationName: 'Pre-registered' })
    const account = await userByEmail(victim)

    // Before anyone verifies: the password leads only to "verify your email", never to a session.
    await expect(signInWithPassword(fixture.db, fixture.env, fixture.context, { email: victim, password: attackerPassword }))
      .rejects.toMatchObject({ statusCode: 403, data: { code: 'email_unverified' }, message: expect.stringContaining('verify your email first') })
    expect(await sessionCount(account.id)).toBe(0)
    const [resent] = await fixture.db.select({ n: count() }).from(outboxMessages).where(and(eq(outboxMessages.to, victim), eq(outboxMessages.template, 'auth.verify_email')))
    expect(resent!.n).toBe(2)

    // The victim signs in with a link from their own inbox.
    await requestMagicLink(fixture.db, fixture.env, victim)
    const signedIn = await signInWithMagicLink(fixture.db, fixture.context, await fixture.tokenFromEmail(victim, 'auth.magic_link'))
    expect(signedIn.status).toBe('signed_in')
    expect(await userByEmail(victim)).toMatchObject({ id: account.id, passwordHash: null, emailVerifiedAt: expect.any(Date) })

    // The attacker's password no longer opens the account; the victim's session does.
    await expect(signInWithPassword(fixture.db, fixture.env, fixture.context, { email: victim, password: attackerPassword }))
      .rejects.toMatchObject({ statusCode: 401, data: { code: 'invalid_credentials' } })
    if (signedIn.status === 'signed_in') expect((await validateSession(fixture.db, signedIn.sessionToken))?.user.id).toBe(account.id)
    const [audit] = await fixture.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.email_verified'), eq(auditEvents.actorUserId, account.id)))
    expect(audit?.metadata).toEqual({ method: 'magic_link', passwordDropped: true })
  })

  it('ends every session the account had before the address was proven', async () => {
    const email = 'sessions@example.com'
    await signUp(fixture.db, fixture.env, fixture.context, { email, password: 'someone else s pass', name: 'M', surname: '', organizationName: 'Squat' })
    const account = await userByEmail(email)
    const earlier = await createSession(fixture.db, account.id, fixture.context)
    await requestMagicLink(fixture.db, fixture.env, email)
    await signInWithMagicLink(fixture.db, fixture.context, await fixture.tokenFromEmail(email, 'auth.magic_link'))
    expect(await validateSession(fixture.db, earlier.token)).toBeUndefined()
  })

  it('a password reset on a never-verified account keeps only the new password', async () => {
    const email = 'reset-first@example.com'
    await signUp(fixture.db, fixture.env, fixture.context, { email, password: 'someone else s pass', name: 'M', surname: '', organizationName: 'Squat 2' })
    await requestPasswordReset(fixture.db, fixture.env, email)
    await resetPassword(fixture.db, fixture.env, fixture.context, { token: await fixture.tokenFromEmail(email, 'auth.reset_password'), password: 'the owner s new pass' })
    await expect(signInWithPassword(fixture.db, fixture.env, fixture.context, { email, password: 'someone else s pass' })).rejects.toMatchObject({ statusCode: 401 })
    expect((await signInWithPassword(fixture.db, fixture.env, fixture.context, { email, password: 'the owner s new pass' })).status).toBe('signed_in')
  })

  it('keeps the password when the address is proven with the link sent to whoever set it', async () => {
    const { userId } = await fixture.createVerifiedUser('owner@example.com', 'my own password 1')
    expect((await userByEmail('owner@example.com')).passwordHash).toMatch(/^\$argon2id\$/)
    expect((await signInWithPassword(fixture.db, fixture.env, fixture.context, { email: 'owner@example.com', password: 'my own password 1' })).status).toBe('signed_in')
    const [audit] = await fixture.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.email_verified'), eq(auditEvents.actorUserId, userId)))
    expect(audit?.metadata).toEqual({ method: 'verification_link', passwordDropped: false })
  })
})

import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, memberships, outboxMessages, sessions, users } from '@flectar/db'
import { hashToken } from '@flectar/security'
import { signInWithPassword } from './sign-in'
import { signUp, verifyEmail } from './sign-up'
import { validateSession } from './sessions'
import { createAccountsFixture } from './test-support'

describe('sign-up, email verification and password sign-in', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  beforeAll(async () => {
    fixture = await createAccountsFixture()
  })
  afterAll(() => fixture.drop())

  it('creates an unverified owner of a new org and emails a verification link', async () => {
    await signUp(fixture.db, fixture.env, fixture.context, { email: 'Ana@Example.com', password: 'a long password', name: 'Ana', surname: 'López', organizationName: 'Ana Salon' })
    const user = await fixture.db.query.users.findFirst({ where: eq(users.email, 'ana@example.com') })
    expect(user?.emailVerifiedAt).toBeNull()
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/)
    const membership = await fixture.db.query.memberships.findFirst({ where: eq(memberships.userId, user!.id) })
    expect(membership?.role).toBe('owner')
    const email = await fixture.db.query.outboxMessages.findFirst({ where: eq(outboxMessages.to, 'ana@example.com') })
    expect(email?.template).toBe('auth.verify_email')
    expect(email?.text).toContain('http://admin.test/verify-email?token=')
  })

  it('refuses password sign-in until the email is verified, and resends the link', async () => {
    await expect(signInWithPassword(fixture.db, fixture.env, fixture.context, { email: 'ana@example.com', password: 'a long password' }))
      .rejects.toMatchObject({ statusCode: 403, data: { code: 'email_unverified' } })
    const [row] = await fixture.db.select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.template, 'auth.verify_email'))
    expect(row?.n).toBe(2)
  })

  it('verifies from the link once, signing the user in; the link cannot be reused', async () => {
    const token = await fixture.tokenFromEmail('ana@example.com', 'auth.verify_email')
    const result = await verifyEmail(fixture.db, fixture.context, token)
    expect(result.status).toBe('signed_in')
    if (result.status !== 'signed_in') return
    const auth = await validateSession(fixture.db, result.sessionToken)
    expect(auth?.user.email).toBe('ana@example.com')
    await expect(verifyEmail(fixture.db, fixture.context, token)).rejects.toMatchObject({ statusCode: 410 })
  })

  it('stores only a hash of the session token', async () => {
    const result = await signInWithPassword(fixture.db, fixture.env, fixture.context, { email: 'ana@example.com', password: 'a long password' })
    expect(result.status).toBe('signed_in')
    if (result.status !== 'signed_in') return
    expect(Buffer.from(result.sessionToken, 'base64url').length).toBeGreaterThanOrEqual(16)
    const stored = await fixture.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(result.sessionToken)))
    expect(stored).toHaveLength(1)
    const all = await fixture.db.select({ tokenHash: sessions.tokenHash }).from(sessions)
    expect(all.some(row => row.tokenHash === result.sessionToken)).toBe(false)
  })

  it('gives the same answer for a wrong password and an unknown email, and audits the failure', async () => {
    // Both at once, each settled before it is read: an unknown email may be refused first.
    const outcomes = await Promise.allSettled([
      signInWithPassword(fixture.db, fixture.env, fixture.context, { email: 'ana@example.com', password: 'nope nope nope' }),
      signInWithPassword(fixture.db, fixture.env, fixture.context, { email: 'nobody@example.com', password: 'nope nope nope' }),
    ])
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'rejected', reason: { statusCode: 401, message: 'Email or password is incorrect.' } })
    const failures = await fixture.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.sign_in_failed'))
    expect(failures.length).toBe(2)
    expect(failures.every(event => event.ipKey === 'ipkey-test')).toBe(true)
  })

  it('answers a second sign-up with the same email like the first, emailing the owner instead', async () => {
    const result = await signUp(fixture.db, fixture.env, fixture.context, { email: 'ANA@example.com', password: 'another password', name: 'X', surname: '', organizationName: 'Other' })
    expect(result).toEqual({ status: 'check_email' })
    const exists = await fixture.db.query.outboxMessages.findFirst({ where: eq(outboxMessages.template, 'auth.account_exists') })
    expect(exists?.to).toBe('ana@example.com')
    const [row] = await fixture.db.select({ n: count() }).from(users)
    expect(row?.n).toBe(1)
  })
})

import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authTokens } from '@flectar/db'
import { changePassword, requestMagicLink, requestPasswordReset, resetPassword, signInWithMagicLink } from './password-reset'
import { signInWithPassword } from './sign-in'
import { createSession, validateSession } from './sessions'
import { createAccountsFixture } from './test-support'

describe('password reset, password change and magic links', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let user: Awaited<ReturnType<typeof fixture.createVerifiedUser>>
  const email = 'reset@example.com'

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    user = await fixture.createVerifiedUser(email, 'old password 123')
  })
  afterAll(() => fixture.drop())

  it('sends nothing for an unknown email and answers the same', async () => {
    await expect(requestPasswordReset(fixture.db, fixture.env, 'ghost@example.com')).resolves.toBeUndefined()
    await expect(fixture.tokenFromEmail('ghost@example.com', 'auth.reset_password')).rejects.toThrow()
  })

  it('resets with a single-use link that expires in 30 minutes, and signs out every session', async () => {
    await requestPasswordReset(fixture.db, fixture.env, email)
    const token = await fixture.tokenFromEmail(email, 'auth.reset_password')
    const [row] = await fixture.db.select().from(authTokens).where(eq(authTokens.purpose, 'reset_password'))
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(30 * 60 * 1000 + 1000)
    expect(row!.tokenHash).not.toBe(token)

    await resetPassword(fixture.db, fixture.env, fixture.context, { token, password: 'new password 456' })
    expect(await validateSession(fixture.db, user.sessionToken)).toBeUndefined()
    await expect(resetPassword(fixture.db, fixture.env, fixture.context, { token, password: 'another one 789' })).rejects.toMatchObject({ statusCode: 410 })
    await expect(signInWithPassword(fixture.db, fixture.env, fixture.context, { email, password: 'old password 123' })).rejects.toMatchObject({ statusCode: 401 })
    expect((await signInWithPassword(fixture.db, fixture.env, fixture.context, { email, password: 'new password 456' })).status).toBe('signed_in')
  })

  it('rejects an expired reset link', async () => {
    await requestPasswordReset(fixture.db, fixture.env, email)
    const token = await fixture.tokenFromEmail(email, 'auth.reset_password')
    await fixture.db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(authTokens.purpose, 'reset_password'))
    await expect(resetPassword(fixture.db, fixture.env, fixture.context, { token, password: 'late password 1' })).rejects.toMatchObject({ statusCode: 410 })
  })

  it('a password change keeps this session and signs out the others', async () => {
    const here = await createSession(fixture.db, user.userId, fixture.context)
    const elsewhere = await createSession(fixture.db, user.userId, fixture.context)
    await changePassword(fixture.db, fixture.env, fixture.context, { userId: user.userId, sessionId: here.session.id, currentPassword: 'new password 456', newPassword: 'newest password 7' })
    expect(await validateSession(fixture.db, here.token)).toBeDefined()
    expect(await validateSession(fixture.db, elsewhere.token)).toBeUndefined()
  })

  it('signs in once with a magic link', async () => {
    await requestMagicLink(fixture.db, fixture.env, email)
    const token = await fixture.tokenFromEmail(email, 'auth.magic_link')
    const result = await signInWithMagicLink(fixture.db, fixture.context, token)
    expect(result.status).toBe('signed_in')
    await expect(signInWithMagicLink(fixture.db, fixture.context, token)).rejects.toMatchObject({ statusCode: 410 })
  })
})

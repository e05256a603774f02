import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, authTokens, outboxMessages, users } from '@flectar/db'
import { confirmEmailChange, requestEmailChange } from './change-email'
import { requestPasswordReset, resetPassword } from './password-reset'
import { createSession, validateSession } from './sessions'
import { signInWithPassword } from './sign-in'
import { createAccountsFixture } from './test-support'

describe('email change with re-verification', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let user: Awaited<ReturnType<typeof fixture.createVerifiedUser>>
  const password = 'change email pass 1'

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    user = await fixture.createVerifiedUser('old@example.com', password)
    await fixture.createVerifiedUser('taken@example.com')
  })
  afterAll(() => fixture.drop())

  async function emailOf(userId: string) {
    const [row] = await fixture.db.select().from(users).where(eq(users.id, userId))
    return row!.email
  }

  it('needs the current password, and refuses the current address', async () => {
    await expect(requestEmailChange(fixture.db, fixture.env, fixture.context, user.userId, { newEmail: 'new@example.com', password: 'wrong password' }))
      .rejects.toMatchObject({ statusCode: 401, code: 'invalid_credentials' })
    await expect(requestEmailChange(fixture.db, fixture.env, fixture.context, user.userId, { newEmail: 'OLD@example.com', password }))
      .rejects.toMatchObject({ statusCode: 422, data: { fields: { newEmail: expect.any(String) } } })
    expect(await fixture.db.select().from(authTokens).where(and(eq(authTokens.userId, user.userId), eq(authTokens.purpose, 'change_email')))).toHaveLength(0)
  })

  it('emails a 24-hour link to the new address and a notice to the old one, changing nothing yet', async () => {
    const result = await requestEmailChange(fixture.db, fixture.env, fixture.context, user.userId, { newEmail: ' New@Example.com ', password })
    expect(result).toEqual({ status: 'check_email', email: 'new@example.com' })
    const [token] = await fixture.db.select().from(authTokens).where(and(eq(authTokens.userId, user.userId), eq(authTokens.purpose, 'change_email')))
    expect(token!.email).toBe('new@example.com')
    expect(token!.expiresAt.getTime() - token!.createdAt.getTime()).toBeGreaterThan(23.9 * 60 * 60 * 1000)
    expect(await fixture.tokenFromEmail('new@example.com', 'auth.change_email')).toMatch(/^[\w-]{16,}$/)
    const [notice] = await fixture.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, 'old@example.com'), eq(outboxMessages.template, 'auth.email_change_requested')))
    expect(notice!.text).toContain('n***@example.com')
    expect(notice!.text).not.toContain('new@example.com')
    expect(await emailOf(user.userId)).toBe('old@example.com')
  })

  it('switches the email from the link, once, verified, signing out the other sessions', async () => {
    const here = await createSession(fixture.db, user.userId, fixture.context)
    const elsewhere = await createSession(fixture.db, user.userId, fixture.context)
    await requestPasswordReset(fixture.db, fixture.env, 'old@example.com')
    const oldResetLink = await fixture.tokenFromEmail('old@example.com', 'auth.reset_password')
    const token = await fixture.tokenFromEmail('new@example.com', 'auth.change_email')

    expect(await confirmEmailChange(fixture.db, fixture.context, token, { keepSessionId: here.session.id })).toMatchObject({ status: 'email_changed', email: 'new@example.com' })
    const [row] = await fixture.db.select().from(users).where(eq(users.id, user.userId))
    expect(row).toMatchObject({ email: 'new@example.com' })
    expect(row!.emailVerifiedAt).toBeInstanceOf(Date)
    expect(await validateSession(fixture.db, here.token)).toBeDefined()
    expect(await validateSession(fixture.db, elsewhere.token)).toBeUndefined()
    expect(await validateSession(fixture.db, user.sessionToken)).toBeUndefined()
    await expect(confirmEmailChange(fixture.db, fixture.context, token)).rejects.toMatchObject({ statusCode: 410 })
    // A reset link mailed to the old address no longer works.
    await expect(resetPassword(fixture.db, fixture.env, fixture.context, { token: oldResetLink, password: 'hijacked password' })).rejects.toMatchObject({ statusCode: 410 })

    const [audit] = await fixture.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.email_changed'))
    expect(audit).toMatchObject({ actorUserId: user.userId, metadata: { from: 'old@example.com', to: 'new@example.com' } })
    expect((await signInWithPassword(fixture.db, fixture.env, fixture.context, { email: 'new@example.com', password })).status).toBe('signed_in')
    await expect(signInWithPassword(fixture.db, fixture.env, fixture.context, { email: 'old@example.com', password })).rejects.toMatchObject({ statusCode: 401 })
  })

  it('re-checks the address at confirmation: if someone took it meanwhile, 409 and nothing changes', async () => {
    await requestEmailChange(fixture.db, fixture.env, fixture.context, user.userId, { newEmail: 'race@example.com', password })
    const token = await fixture.tokenFromEmail('race@example.com', 'auth.change_email')
    await fixture.createVerifiedUser('race@example.com')
    await expect(confirmEmailChange(fixture.db, fixture.context, token)).rejects.toMatchObject({ statusCode: 409, message: 'That email is already in use.' })
    expect(await emailOf(user.userId)).toBe('new@example.com')
  })

  it('only the newest link works, and a password reset cancels a pending change', async () => {
    await requestEmailChange(fixture.db, fixture.env, fixture.context, user.userId, { newEmail: 'first@example.com', password })
    const first = await fixture.tokenFromEmail('first@example.com', 'auth.change_email')
    await requestEmailChange(fixture.db, fixture.env, fixture.context, user.userId, { newEmail: 'second@example.com', password })
    const second = await fixture.tokenFromEmail('second@example.com', 'auth.change_email')
    await expect(confirmEmailChange(fixture.db, fixture.context, first)).rejects.toMatchObject({ statusCode: 410 })

    await requestPasswordReset(fixture.db, fixture.env, 'new@example.com')
    await resetPassword(fixture.db, fixture.env, fixture.context, { token: await fixture.tokenFromEmail('new@example.com', 'auth.reset_password'), password: 'after reset pass 1' })
    await expect(confirmEmailChange(fixture.db, fixture.context, second)).rejects.toMatchObject({ statusCode: 410 })
    expect(await emailOf(user.userId)).toBe('new@example.com')
  })

  it('answers an address that has an account exactly like a free one, emailing its owner instead of a link', async () => {
    const mover = await fixture.createVerifiedUser('mover@example.com', password)
    const current = 'mover@example.com'
    const templatesTo = async (to: string) => (await fixture.db.select().from(outboxMessages).where(eq(outboxMessages.to, to))).map(message => message.template)
    const noticesTo = async (to: string) => (await fixture.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, to), eq(outboxMessages.template, 'auth.email_change_requested')))).map(message => message.text)
    const noticesBefore = (await noticesTo(current)).length

    const taken = await requestEmailChange(fixture.db, fixture.env, fixture.context, mover.userId, { newEmail: 'Taken@Example.com', password })
    const free = await requestEmailChange(fixture.db, fixture.env, fixture.context, mover.userId, { newEmail: 'Free@Example.com', password })
    expect(taken).toEqual({ status: 'check_email', email: 'taken@example.com' })
    expect(free).toEqual({ status: 'check_email', email: 'free@example.com' })
    // The requester's own inbox gets the same notice for both.
    expect((await noticesTo(current)).slice(noticesBefore)).toEqual([expect.stringContaining('t***@example.com'), expect.stringContaining('f***@example.com')])
    // The owner of the taken address is told; no link to it was made, so nothing can switch to it.
    expect(await templatesTo('taken@example.com')).toContain('auth.email_in_use')
    expect(await templatesTo('taken@example.com')).not.toContain('auth.change_email')
    const links = await fixture.db.select().from(authTokens).where(and(eq(authTokens.userId, mover.userId), eq(authTokens.purpose, 'change_email'), eq(authTokens.email, 'taken@example.com')))
    expect(links).toEqual([])
    expect(await emailOf(mover.userId)).toBe(current)
  })
})

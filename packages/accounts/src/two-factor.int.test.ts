import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, users } from '@flectar/db'
import { decryptSecret } from '@flectar/security'
import { signInWithPassword } from './sign-in'
import { completeTwoFactorChallenge, confirmTotpEnrolment, disableTotp, startTotpEnrolment } from './two-factor'
import { generateTotpCode } from './totp'
import { createAccountsFixture } from './test-support'

describe('two-factor authentication', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let userId: string
  let secret: string
  let recoveryCodes: string[]
  const email = 'totp@example.com'
  const password = 'correct horse battery'

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    userId = (await fixture.createVerifiedUser(email, password)).userId
  })
  afterAll(() => fixture.drop())

  async function challenge() {
    const result = await signInWithPassword(fixture.db, fixture.env, fixture.context, { email, password })
    expect(result.status).toBe('two_factor_required')
    if (result.status !== 'two_factor_required') throw new Error('no challenge')
    return result.challengeToken
  }

  it('enrols: the secret is stored encrypted, and a code from the app confirms it', async () => {
    const enrolment = await startTotpEnrolment(fixture.db, fixture.env, fixture.context, userId)
    secret = enrolment.secret
    expect(enrolment.uri).toContain('otpauth://totp/')
    expect(enrolment.qrCodeSvg.startsWith('<svg')).toBe(true)
    const [row] = await fixture.db.select().from(users).where(eq(users.id, userId))
    expect(row?.totpPendingSecret).not.toContain(secret)
    expect(decryptSecret(fixture.env.keyRing, row!.totpPendingSecret!)).toBe(secret)

    await expect(confirmTotpEnrolment(fixture.db, fixture.env, fixture.context, userId, '000000')).rejects.toMatchObject({ statusCode: 401 })
    const confirmed = await confirmTotpEnrolment(fixture.db, fixture.env, fixture.context, userId, await generateTotpCode({ secret }))
    recoveryCodes = confirmed.recoveryCodes
    expect(recoveryCodes).toHaveLength(10)
  })

  it('asks for a code after the password, and accepts a valid code once', async () => {
    const token = await challenge()
    // The enrolment used the current step; the next step's code is the first one usable now.
    const code = await generateTotpCode({ secret, now: Date.now() + 30_000 })
    const result = await completeTwoFactorChallenge(fixture.db, fixture.env, fixture.context, { challengeToken: token, code })
    expect(result.userId).toBe(userId)

    const replay = await challenge()
    await expect(completeTwoFactorChallenge(fixture.db, fixture.env, fixture.context, { challengeToken: replay, code }))
      .rejects.toMatchObject({ statusCode: 401, data: { code: 'invalid_code' } })
  })

  it('accepts a recovery code once', async () => {
    const code = recoveryCodes[0]!
    await completeTwoFactorChallenge(fixture.db, fixture.env, fixture.context, { challengeToken: await challenge(), recoveryCode: code.toUpperCase() })
    await expect(completeTwoFactorChallenge(fixture.db, fixture.env, fixture.context, { challengeToken: await challenge(), recoveryCode: code }))
      .rejects.toMatchObject({ statusCode: 401 })
    const used = await fixture.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.recovery_code_used'))
    expect(used).toHaveLength(1)
  })

  it('ends the challenge after five wrong codes', async () => {
    const token = await challenge()
    for (let attempt = 1; attempt < 5; attempt++) {
      await expect(completeTwoFactorChallenge(fixture.db, fixture.env, fixture.context, { challengeToken: token, code: '123456' })).rejects.toMatchObject({ statusCode: 401 })
    }
    await expect(completeTwoFactorChallenge(fixture.db, fixture.env, fixture.context, { challengeToken: token, code: '123456' })).rejects.toMatchObject({ statusCode: 410 })
    await expect(completeTwoFactorChallenge(fixture.db, fixture.env, fixture.context, { challengeToken: token, recoveryCode: recoveryCodes[1]! })).rejects.toMatchObject({ statusCode: 410 })
  })

  it('turns off only with the password, and then signs in without a code', async () => {
    await expect(disableTotp(fixture.db, fixture.context, userId, 'wrong password')).rejects.toMatchObject({ statusCode: 401 })
    await disableTotp(fixture.db, fixture.context, userId, password)
    const result = await signInWithPassword(fixture.db, fixture.env, fixture.context, { email, password })
    expect(result.status).toBe('signed_in')
  })
})

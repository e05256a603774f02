import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import { authTokens, recoveryCodes, users, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, GoneError, UnauthorizedError } from '@flectar/errors'
import { decryptSecret, encryptSecret, hashToken } from '@flectar/security'
import { recordAuditEvent } from './audit'
import { MAX_TWO_FACTOR_ATTEMPTS, type AccountsEnv, type RequestContext } from './context'
import { verifyPassword } from './password'
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes'
import { createSession } from './sessions'
import { generateTotpSecret, totpKeyUri, totpQrCodeSvg, verifyTotp } from './totp'

/** Step 1 of enrolment (audited): a new secret, kept encrypted as pending until a code confirms it. */
export async function startTotpEnrolment(db: DbOrTx, env: AccountsEnv, context: RequestContext, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId))
  if (!user) throw new UnauthorizedError()
  if (user.totpEnabledAt) throw new ConflictError('Two-factor authentication is already on. Turn it off first to enrol a new device.', 'two_factor_enabled')
  const secret = generateTotpSecret()
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpPendingSecret: encryptSecret(env.keyRing, secret) }).where(eq(users.id, userId))
    await recordAuditEvent(tx, context, { action: 'auth.two_factor_enrolment_started', actorUserId: userId })
  })
  const uri = totpKeyUri({ secret, accountName: user.email })
  return { secret, uri, qrCodeSvg: await totpQrCodeSvg(uri) }
}

async function replaceRecoveryCodes(db: DbOrTx, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes(10)
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  await db.insert(recoveryCodes).values(codes.map(code => ({ userId, codeHash: hashRecoveryCode(code) })))
  return codes
}

/** Step 2: the first code from the app turns 2FA on and returns 10 recovery codes, shown once. */
export async function confirmTotpEnrolment(db: Db, env: AccountsEnv, context: RequestContext, userId: string, code: string) {
  return await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update')
    if (!user?.totpPendingSecret) throw new ConflictError('Start the set-up again: no enrolment is in progress.', 'no_enrolment')
    const secret = decryptSecret(env.keyRing, user.totpPendingSecret)
    const result = await verifyTotp({ secret, code, lastStep: null })
    if (!result.ok) throw new UnauthorizedError('That code is not valid. Check the time on your phone and try the current code.', 'invalid_code')
    await tx.update(users).set({
      totpSecret: user.totpPendingSecret,
      totpPendingSecret: null,
      totpEnabledAt: sql`now()`,
      totpLastStep: result.step,
      updatedAt: sql`now()`,
    }).where(eq(users.id, userId))
    const codes = await replaceRecoveryCodes(tx, userId)
    await recordAuditEvent(tx, context, { action: 'auth.two_factor_enabled', actorUserId: userId })
    return { recoveryCodes: codes }
  })
}

async function requirePassword(db: DbOrTx, userId: string, password: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId))
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    throw new UnauthorizedError('Your password is not correct.', 'invalid_credentials')
  }
  return user
}

/** Turns 2FA off after the password is entered again; recovery codes are deleted. */
export async function disableTotp(db: Db, context: RequestContext, userId: string, password: string) {
  await requirePassword(db, userId, password)
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: sql`now()` }).where(eq(users.id, userId))
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
    await recordAuditEvent(tx, context, { action: 'auth.two_factor_disabled', actorUserId: userId })
  })
}

/** New recovery codes (the old ones stop working), after the password is entered again. */
export async function regenerateRecoveryCodes(db: Db, context: RequestContext, userId: string, password: string) {
  const user = await requirePassword(db, userId, password)
  if (!user.totpEnabledAt) throw new ConflictError('Turn on two-factor authentication first.', 'two_factor_disabled')
  return await db.transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, userId)
    await recordAuditEvent(tx, context, { action: 'auth.recovery_codes_regenerated', actorUserId: userId })
    return { recoveryCodes: codes }
  })
}

/**
 * Second step of sign-in. A TOTP code is accepted once: the step is recorded with a
 * compare-and-set, so a replayed or concurrent duplicate code fails. A recovery code is
 * burnt the same way. Five wrong answers end the challenge.
 */
export async function completeTwoFactorChallenge(db: Db, env: AccountsEnv, context: RequestContext, input: { challengeToken: string, code?: string, recoveryCode?: string }) {
  // The failure is thrown after commit so the attempt counter and audit entry are kept.
  const outcome = await db.transaction(async (tx) => {
    const [challenge] = await tx.select().from(authTokens).where(and(
      eq(authTokens.tokenHash, hashToken(input.challengeToken)),
      eq(authTokens.purpose, 'two_factor_challenge'),
      isNull(authTokens.usedAt),
      gt(authTokens.expiresAt, sql`now()`),
    )).for('update')
    if (!challenge) throw new GoneError('Your sign-in took too long. Start again.', 'challenge_expired')
    const [user] = await tx.select().from(users).where(eq(users.id, challenge.userId))
    if (!user?.totpSecret) throw new GoneError('Your sign-in took too long. Start again.', 'challenge_expired')

    let method: 'totp' | 'recovery_code' | undefined
    if (input.code) {
      const result = await verifyTotp({ secret: decryptSecret(env.keyRing, user.totpSecret), code: input.code, lastStep: user.totpLastStep })
      if (result.ok) {
        const claimed = await tx.update(users).set({ totpLastStep: result.step })
          .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, result.step))))
          .returning({ id: users.id })
        if (claimed.length === 1) method = 'totp'
      }
    }
    else if (input.recoveryCode) {
      const burnt = await tx.update(recoveryCodes).set({ usedAt: sql`now()` })
        .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashRecoveryCode(input.recoveryCode)), isNull(recoveryCodes.usedAt)))
        .returning({ id: recoveryCodes.id })
      if (burnt.length === 1) method = 'recovery_code'
    }

    if (!method) {
      const attempts = challenge.attempts + 1
      await tx.update(authTokens).set({ attempts, usedAt: attempts >= MAX_TWO_FACTOR_ATTEMPTS ? sql`now()` : null }).where(eq(authTokens.id, challenge.id))
      await recordAuditEvent(tx, context, { action: 'auth.two_factor_failed', actorUserId: user.id })
      return attempts >= MAX_TWO_FACTOR_ATTEMPTS
        ? { error: new GoneError('Too many wrong codes. Sign in again.', 'challenge_expired') }
        : { error: new UnauthorizedError('That code is not valid or was already used.', 'invalid_code') }
    }
    await tx.update(authTokens).set({ usedAt: sql`now()` }).where(eq(authTokens.id, challenge.id))
    if (method === 'recovery_code') await recordAuditEvent(tx, context, { action: 'auth.recovery_code_used', actorUserId: user.id })
    await recordAuditEvent(tx, context, { action: 'auth.sign_in', actorUserId: user.id, metadata: { method: 'password', secondFactor: method } })
    const { token } = await createSession(tx, user.id, context)
    return { sessionToken: token, userId: user.id }
  })
  if ('error' in outcome) throw outcome.error
  return outcome
}

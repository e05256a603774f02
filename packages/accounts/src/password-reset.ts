import { eq, sql } from 'drizzle-orm'
import { users, type Db } from '@flectar/db'
import { UnauthorizedError } from '@flectar/errors'
import { sendMagicLinkEmail, sendPasswordChangedEmail, sendPasswordResetEmail } from './account-emails'
import { recordAuditEvent } from './audit'
import { consumeAuthToken, issueAuthToken, revokeAuthTokens } from './auth-tokens'
import { confirmEmailAddress } from './confirm-email-address'
import type { AccountsEnv, RequestContext } from './context'
import { hashPassword, verifyPassword } from './password'
import { revokeOtherSessions } from './sessions'
import { completeFirstFactor, findUserByEmail, type SignInResult } from './sign-in'

/** Emails a reset link if the account exists; the answer never says whether it does. */
export async function requestPasswordReset(db: Db, env: AccountsEnv, email: string): Promise<void> {
  const user = await findUserByEmail(db, email)
  if (!user) return
  await db.transaction(async (tx) => {
    await sendPasswordResetEmail(tx, env, user.email, await issueAuthToken(tx, { purpose: 'reset_password', userId: user.id, email: user.email }))
  })
}

/** Sets a new password from a reset link; every session of the account is signed out. */
export async function resetPassword(db: Db, env: AccountsEnv, context: RequestContext, input: { token: string, password: string }) {
  const passwordHash = await hashPassword(input.password)
  await db.transaction(async (tx) => {
    const row = await consumeAuthToken(tx, 'reset_password', input.token)
    // A reset proves control of the inbox, so it also confirms the address.
    await confirmEmailAddress(tx, context, { userId: row.userId, proof: 'password_reset' })
    await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, row.userId))
    await revokeAuthTokens(tx, row.userId, 'reset_password')
    // Whoever asked for a pending email change may not have been the owner: cancel it.
    await revokeAuthTokens(tx, row.userId, 'change_email')
    await revokeOtherSessions(tx, row.userId)
    await sendPasswordChangedEmail(tx, env, row.email)
    await recordAuditEvent(tx, context, { action: 'auth.password_reset', actorUserId: row.userId })
  })
}

/** Changes the password of a signed-in user; their other sessions are signed out. */
export async function changePassword(db: Db, env: AccountsEnv, context: RequestContext, input: { userId: string, sessionId: string, currentPassword: string, newPassword: string }) {
  const [user] = await db.select().from(users).where(eq(users.id, input.userId))
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new UnauthorizedError('Your current password is not correct.', 'invalid_credentials')
  }
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, user.id))
    await revokeOtherSessions(tx, user.id, input.sessionId)
    await sendPasswordChangedEmail(tx, env, user.email)
    await recordAuditEvent(tx, context, { action: 'auth.password_changed', actorUserId: user.id })
  })
}

/** Emails a one-time sign-in link if the account exists; same answer either way. */
export async function requestMagicLink(db: Db, env: AccountsEnv, email: string, options: { returnTo?: string } = {}): Promise<void> {
  const user = await findUserByEmail(db, email)
  if (!user) return
  await db.transaction(async (tx) => {
    await sendMagicLinkEmail(tx, env, user.email, await issueAuthToken(tx, { purpose: 'magic_link', userId: user.id, email: user.email }), options.returnTo)
  })
}

/** Signs in from a magic link (then asks for the 2FA code if the account has it on). */
export async function signInWithMagicLink(db: Db, context: RequestContext, token: string): Promise<SignInResult> {
  return await db.transaction(async (tx) => {
    const row = await consumeAuthToken(tx, 'magic_link', token)
    const user = await confirmEmailAddress(tx, context, { userId: row.userId, proof: 'magic_link' })
    if (!user) throw new UnauthorizedError('This account no longer exists.')
    return await completeFirstFactor(tx, context, user, 'magic_link')
  })
}

import { and, eq, isNull, ne, sql } from 'drizzle-orm'
import { authTokens, users, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, ForbiddenError, GoneError, InvalidInputError, UnauthorizedError } from '@flectar/errors'
import { sendEmailChangeConfirmation, sendEmailChangeNotice, sendEmailInUseNotice } from './account-emails'
import { recordAuditEvent } from './audit'
import { consumeAuthToken, issueAuthToken, revokeAuthTokens } from './auth-tokens'
import { normalizeEmail, type AccountsEnv, type RequestContext } from './context'
import { verifyPassword } from './password'
import { revokeOtherSessions } from './sessions'

const EMAIL_IN_USE = 'That email is already in use.'

/** The live user after checking their password again (for email change and account deletion). */
export async function requireCurrentPassword(db: DbOrTx, userId: string, password: string) {
  const [user] = await db.select().from(users).where(and(eq(users.id, userId), isNull(users.deletedAt)))
  if (!user) throw new UnauthorizedError()
  if (!user.passwordHash) {
    throw new ForbiddenError('Your account has no password yet. Set one with “Forgot password?” on the sign-in page first.', 'password_required')
  }
  if (!(await verifyPassword(user.passwordHash, password))) throw new UnauthorizedError('Your password is not correct.', 'invalid_credentials')
  return user
}

/** The account other than `exceptUserId` that has `email` (a deleted one still holds it until purged). */
async function accountHolding(db: DbOrTx, email: string, exceptUserId: string) {
  const [row] = await db.select({ email: users.email, deletedAt: users.deletedAt }).from(users)
    .where(and(sql`lower(${users.email}) = ${email}`, ne(users.id, exceptUserId)))
    .limit(1)
  return row
}

function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: unknown }).code === '23505') return true
  }
  return false
}

/**
 * Starts an email change: with the current password, emails a 24-hour link to the new
 * address (the change happens only when it is clicked) and a notice to the current one.
 * An address that has an account gets no link, only a notice to its owner, and the answer
 * (and everything the requester can see) is the same, so this cannot tell who has an account.
 */
export async function requestEmailChange(db: Db, env: AccountsEnv, context: RequestContext, userId: string, input: { newEmail: string, password: string }) {
  const user = await requireCurrentPassword(db, userId, input.password)
  const newEmail = normalizeEmail(input.newEmail)
  if (newEmail === normalizeEmail(user.email)) throw new InvalidInputError({ newEmail: 'That is already your email address.' })
  const holder = await accountHolding(db, newEmail, user.id)
  await db.transaction(async (tx) => {
    // Only the newest link works: an older request to another address is cancelled.
    await revokeAuthTokens(tx, user.id, 'change_email')
    if (!holder) await sendEmailChangeConfirmation(tx, env, newEmail, await issueAuthToken(tx, { purpose: 'change_email', userId: user.id, email: newEmail }))
    else if (!holder.deletedAt) await sendEmailInUseNotice(tx, env, holder.email)
    await sendEmailChangeNotice(tx, env, user.email, newEmail)
    await recordAuditEvent(tx, context, { action: 'auth.email_change_requested', actorUserId: user.id })
  })
  return { status: 'check_email' as const, email: newEmail }
}

/**
 * Switches the account to the address the link was sent to (checking again that no one
 * took it meanwhile), marks it verified, cancels links sent to the old address and signs
 * out every other session (`keepSessionId`: the browser that clicked, when signed in).
 */
export async function confirmEmailChange(db: Db, context: RequestContext, token: string, options: { keepSessionId?: string } = {}) {
  try {
    return await db.transaction(async (tx) => {
      const row = await consumeAuthToken(tx, 'change_email', token)
      const [user] = await tx.select().from(users).where(and(eq(users.id, row.userId), isNull(users.deletedAt))).for('update')
      if (!user) throw new GoneError('This link has expired or was already used. Request a new one.', 'link_expired')
      if (await accountHolding(tx, row.email, user.id)) throw new ConflictError(EMAIL_IN_USE, 'email_in_use')
      await tx.update(users).set({ email: row.email, emailVerifiedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(users.id, user.id))
      // Links mailed to the old address (reset, magic link, verification) stop working.
      await tx.update(authTokens).set({ usedAt: sql`now()` })
        .where(and(eq(authTokens.userId, user.id), isNull(authTokens.usedAt), ne(authTokens.purpose, 'two_factor_challenge')))
      await revokeOtherSessions(tx, user.id, options.keepSessionId)
      await recordAuditEvent(tx, context, { action: 'auth.email_changed', actorUserId: user.id, metadata: { from: user.email, to: row.email } })
      return { status: 'email_changed' as const, email: row.email, userId: user.id }
    })
  }
  catch (error) {
    // Two accounts racing for the same address: the unique index decides, the loser gets 409.
    if (isUniqueViolation(error)) throw new ConflictError(EMAIL_IN_USE, 'email_in_use')
    throw error
  }
}

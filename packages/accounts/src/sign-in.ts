import { and, eq, isNull, sql } from 'drizzle-orm'
import { users, type Db, type DbOrTx } from '@flectar/db'
import { ForbiddenError, UnauthorizedError } from '@flectar/errors'
import { sendVerificationEmail } from './account-emails'
import { recordAuditEvent } from './audit'
import { issueAuthToken } from './auth-tokens'
import { normalizeEmail, type AccountsEnv, type RequestContext } from './context'
import { hashPassword, verifyPassword } from './password'
import { avatarVersion } from './profile'
import { createSession } from './sessions'

export type SignInResult
  = | { status: 'signed_in', sessionToken: string, userId: string }
    | { status: 'two_factor_required', challengeToken: string }

type User = typeof users.$inferSelect

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users)
    .where(and(sql`lower(${users.email}) = ${normalizeEmail(email)}`, isNull(users.deletedAt)))
    .limit(1)
  return user
}

/**
 * After a first factor (password, magic link, Google) succeeded: either a session, or a
 * short-lived 2FA challenge when the account has TOTP on.
 */
export async function completeFirstFactor(db: DbOrTx, context: RequestContext, user: User, method: string): Promise<SignInResult> {
  if (user.totpEnabledAt) {
    const challengeToken = await issueAuthToken(db, { purpose: 'two_factor_challenge', userId: user.id, email: user.email })
    return { status: 'two_factor_required', challengeToken }
  }
  const { token } = await createSession(db, user.id, context)
  await recordAuditEvent(db, context, { action: 'auth.sign_in', actorUserId: user.id, metadata: { method } })
  return { status: 'signed_in', sessionToken: token, userId: user.id }
}

// Verifying against a real hash when the account does not exist keeps the timing the same.
let dummyHash: Promise<string> | undefined

/**
 * Email + password sign-in. Wrong email and wrong password give the same answer. An account
 * whose address was never verified gets no session, only a new verification link (403).
 */
export async function signInWithPassword(db: Db, env: AccountsEnv, context: RequestContext, input: { email: string, password: string }): Promise<SignInResult> {
  const user = await findUserByEmail(db, input.email)
  dummyHash ??= hashPassword('not-a-real-password-0000')
  const valid = await verifyPassword(user?.passwordHash ?? await dummyHash, input.password) && Boolean(user?.passwordHash)
  if (!user || !valid) {
    await recordAuditEvent(db, context, { action: 'auth.sign_in_failed', actorUserId: user?.id, metadata: { method: 'password' } })
    throw new UnauthorizedError('Email or password is incorrect.', 'invalid_credentials')
  }
  if (!user.emailVerifiedAt) {
    await db.transaction(async (tx) => {
      await sendVerificationEmail(tx, env, user.email, await issueAuthToken(tx, { purpose: 'verify_email', userId: user.id, email: user.email }))
    })
    throw new ForbiddenError('Check your inbox to verify your email first: we just sent you a new link.', 'email_unverified')
  }
  return await db.transaction(tx => completeFirstFactor(tx, context, user, 'password'))
}

export async function getUserProfile(db: DbOrTx, userId: string) {
  const [user] = await db.select({
    id: users.id,
    email: users.email,
    name: users.name,
    surname: users.surname,
    phone: users.phone,
    emailVerified: sql<boolean>`${users.emailVerifiedAt} is not null`,
    twoFactorEnabled: sql<boolean>`${users.totpEnabledAt} is not null`,
    hasPassword: sql<boolean>`${users.passwordHash} is not null`,
    avatarKey: users.avatarKey,
  }).from(users).where(eq(users.id, userId))
  if (!user) return undefined
  const { avatarKey, ...profile } = user
  return { ...profile, avatarVersion: avatarVersion(avatarKey) }
}

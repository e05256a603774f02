import { and, eq, isNull, sql } from 'drizzle-orm'
import { users, type DbOrTx } from '@flectar/db'
import { recordAuditEvent } from './audit'
import { revokeAuthTokens } from './auth-tokens'
import type { RequestContext } from './context'
import { revokeOtherSessions } from './sessions'

/** How the owner of the address showed they read its inbox. */
export type EmailProof = 'verification_link' | 'magic_link' | 'google' | 'password_reset'

/**
 * Whether a proof also vouches for the account's password. A verification link is only ever
 * sent to whoever just set or typed that password (sign-up, password sign-in), so clicking it
 * joins the two. Every other proof says nothing about who chose the password: on an address
 * never verified, it may have been someone who registered another person's email.
 */
const VOUCHES_FOR_PASSWORD: Record<EmailProof, boolean> = {
  verification_link: true,
  magic_link: false,
  google: false,
  password_reset: false,
}

type User = typeof users.$inferSelect

/**
 * The one way an account's address becomes verified (inside the caller's transaction). The
 * first time, by a proof that does not vouch for the password, the password and every session
 * are dropped (and a pending 2FA challenge or email change with them), so only the inbox's owner
 * keeps access. An address already verified is left as it is. Undefined for a deleted account.
 */
export async function confirmEmailAddress(tx: DbOrTx, context: RequestContext, input: { userId: string, proof: EmailProof }): Promise<User | undefined> {
  const [user] = await tx.select().from(users).where(and(eq(users.id, input.userId), isNull(users.deletedAt))).for('update')
  if (!user || user.emailVerifiedAt) return user
  const dropsAccess = !VOUCHES_FOR_PASSWORD[input.proof]
  const [confirmed] = await tx.update(users)
    .set({ emailVerifiedAt: sql`now()`, ...(dropsAccess ? { passwordHash: null } : {}), updatedAt: sql`now()` })
    .where(eq(users.id, user.id))
    .returning()
  if (dropsAccess) {
    await revokeOtherSessions(tx, user.id)
    await revokeAuthTokens(tx, user.id, 'two_factor_challenge')
    await revokeAuthTokens(tx, user.id, 'change_email')
  }
  await recordAuditEvent(tx, context, {
    action: 'auth.email_verified',
    actorUserId: user.id,
    metadata: { method: input.proof, passwordDropped: dropsAccess && user.passwordHash !== null },
  })
  return confirmed
}

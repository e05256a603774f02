import { users, type Db } from '@flectar/db'
import { sendAccountExistsEmail, sendVerificationEmail } from './account-emails'
import { recordAuditEvent } from './audit'
import { consumeAuthToken, issueAuthToken } from './auth-tokens'
import { confirmEmailAddress } from './confirm-email-address'
import { normalizeEmail, type AccountsEnv, type RequestContext } from './context'
import { createOrganization } from './orgs'
import { hashPassword } from './password'
import { createSession } from './sessions'

export interface SignUpInput {
  name: string
  surname: string
  email: string
  password: string
  organizationName: string
}

/**
 * Creates an unverified account owning a new org, and emails a verification link. An email
 * that already has an account gets a "you already have an account" email instead, and the
 * answer is the same either way so sign-up cannot be used to discover who has an account.
 */
export async function signUp(db: Db, env: AccountsEnv, context: RequestContext, input: SignUpInput): Promise<{ status: 'check_email' }> {
  const email = normalizeEmail(input.email)
  const passwordHash = await hashPassword(input.password)
  await db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ email, name: input.name, surname: input.surname, passwordHash })
      .onConflictDoNothing()
      .returning()
    if (!user) {
      await sendAccountExistsEmail(tx, env, email)
      return
    }
    await createOrganization(tx, context, { name: input.organizationName, ownerId: user.id })
    await sendVerificationEmail(tx, env, email, await issueAuthToken(tx, { purpose: 'verify_email', userId: user.id, email }))
    await recordAuditEvent(tx, context, { action: 'auth.sign_up', actorUserId: user.id })
  })
  return { status: 'check_email' }
}

/** Confirms the address from the emailed link and signs the user in (unless 2FA must come first). */
export async function verifyEmail(db: Db, context: RequestContext, token: string) {
  return await db.transaction(async (tx) => {
    const row = await consumeAuthToken(tx, 'verify_email', token)
    const user = await confirmEmailAddress(tx, context, { userId: row.userId, proof: 'verification_link' })
    if (!user) return { status: 'verified' as const }
    if (user.totpEnabledAt) return { status: 'verified' as const }
    const { token: sessionToken } = await createSession(tx, user.id, context)
    return { status: 'signed_in' as const, sessionToken }
  })
}

import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import { invitations, memberships, organizations, users, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, ForbiddenError, GoneError, NotFoundError, UnauthorizedError } from '@flectar/errors'
import { generateToken, hashToken } from '@flectar/security'
import { isUuid } from '@flectar/validation'
import { sendInvitationEmail } from './account-emails'
import { recordAuditEvent } from './audit'
import { INVITATION_TTL_MS, normalizeEmail, type AccountsEnv, type RequestContext } from './context'
import { hashPassword } from './password'
import { canSendInvitation, requireOrgRole, type Role } from './roles'
import { createSession } from './sessions'
import { findUserByEmail } from './sign-in'

const open = () => and(isNull(invitations.acceptedAt), isNull(invitations.declinedAt), isNull(invitations.revokedAt))

async function inviterName(db: DbOrTx, userId: string) {
  const [user] = await db.select({ name: users.name, surname: users.surname, email: users.email }).from(users).where(eq(users.id, userId))
  return [user?.name, user?.surname].filter(Boolean).join(' ') || user?.email || 'Someone'
}

/** Invites an email to the org with a role (admins and owners; only owners invite owners). */
export async function createInvitation(db: Db, env: AccountsEnv, context: RequestContext, actorId: string, orgId: string, input: { email: string, role: Role }, options: { withinPlan?: (tx: DbOrTx) => Promise<void> } = {}) {
  const { org, role: actorRole } = await requireOrgRole(db, actorId, orgId, 'admin')
  if (!canSendInvitation(actorRole, input.role)) throw new ForbiddenError('Only an owner can invite another owner.')
  const email = normalizeEmail(input.email)
  const existing = await findUserByEmail(db, email)
  if (existing) {
    const [member] = await db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, existing.id)))
    if (member) throw new ConflictError(`${email} is already a member of ${org.name}.`, 'already_member')
  }
  return await db.transaction(async (tx) => {
    const [pending] = await tx.select().from(invitations).where(and(eq(invitations.orgId, orgId), eq(invitations.email, email), open(), gt(invitations.expiresAt, sql`now()`)))
    if (pending) throw new ConflictError(`${email} already has a pending invitation. Resend it instead.`, 'invitation_pending')
    await options.withinPlan?.(tx)
    const token = generateToken()
    const [invitation] = await tx.insert(invitations).values({
      orgId,
      email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: actorId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    }).returning()
    await sendInvitationEmail(tx, env, { to: email, orgId, orgName: org.name, inviterName: await inviterName(tx, actorId), role: input.role, token })
    await recordAuditEvent(tx, context, { action: 'org.invitation_sent', orgId, actorUserId: actorId, targetType: 'invitation', targetId: invitation!.id, metadata: { email, role: input.role } })
    return invitation!
  })
}

export async function listInvitations(db: DbOrTx, actorId: string, orgId: string) {
  await requireOrgRole(db, actorId, orgId, 'admin')
  return await db.select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, lastSentAt: invitations.lastSentAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), open()))
    .orderBy(desc(invitations.createdAt))
}

async function findOpenInvitation(db: DbOrTx, orgId: string, invitationId: string) {
  if (!isUuid(invitationId)) throw new NotFoundError('Invitation not found.')
  const [invitation] = await db.select().from(invitations).where(and(eq(invitations.id, invitationId), eq(invitations.orgId, orgId), open()))
  if (!invitation) throw new NotFoundError('Invitation not found.')
  return invitation
}

/**
 * Sends the invitation again with a fresh link and a fresh 7-day expiry; the old link stops
 * working. The one who resends becomes its sender (the email names them), so they need the
 * role to send it.
 */
export async function resendInvitation(db: Db, env: AccountsEnv, context: RequestContext, actorId: string, orgId: string, invitationId: string) {
  const { org, role: actorRole } = await requireOrgRole(db, actorId, orgId, 'admin')
  return await db.transaction(async (tx) => {
    const invitation = await findOpenInvitation(tx, orgId, invitationId)
    if (!canSendInvitation(actorRole, invitation.role)) throw new ForbiddenError('Only an owner can invite another owner.')
    const token = generateToken()
    const [updated] = await tx.update(invitations).set({ tokenHash: hashToken(token), invitedBy: actorId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS), lastSentAt: sql`now()` })
      .where(eq(invitations.id, invitation.id)).returning()
    await sendInvitationEmail(tx, env, { to: invitation.email, orgId, orgName: org.name, inviterName: await inviterName(tx, actorId), role: invitation.role, token })
    await recordAuditEvent(tx, context, { action: 'org.invitation_resent', orgId, actorUserId: actorId, targetType: 'invitation', targetId: invitation.id })
    return updated!
  })
}

export async function revokeInvitation(db: Db, context: RequestContext, actorId: string, orgId: string, invitationId: string) {
  await requireOrgRole(db, actorId, orgId, 'admin')
  await db.transaction(async (tx) => {
    const invitation = await findOpenInvitation(tx, orgId, invitationId)
    await tx.update(invitations).set({ revokedAt: sql`now()` }).where(eq(invitations.id, invitation.id))
    await recordAuditEvent(tx, context, { action: 'org.invitation_revoked', orgId, actorUserId: actorId, targetType: 'invitation', targetId: invitation.id })
  })
}

/**
 * Revokes the open invitations `inviterId` sent that their role no longer lets them send: all
 * of them once they are out of the org (`role` undefined), the owner ones once they are only an
 * admin. An invitation carries its sender's authority, so it must not outlive it; runs in the
 * transaction that removes or demotes them, and audits each revocation with its `reason`.
 */
export async function revokeInvitationsSentBy(tx: DbOrTx, context: RequestContext, input: { inviterId: string, orgId?: string, role?: Role, actorId: string, reason: 'inviter_removed' | 'inviter_left' | 'inviter_role_changed' | 'inviter_deleted' }) {
  const pending = await tx.select({ id: invitations.id, orgId: invitations.orgId, role: invitations.role }).from(invitations)
    .where(and(eq(invitations.invitedBy, input.inviterId), input.orgId ? eq(invitations.orgId, input.orgId) : undefined, open()))
    .for('update')
  const revoked = pending.filter(invitation => !input.role || !canSendInvitation(input.role, invitation.role))
  if (revoked.length === 0) return
  await tx.update(invitations).set({ revokedAt: sql`now()` }).where(inArray(invitations.id, revoked.map(invitation => invitation.id)))
  for (const invitation of revoked) {
    await recordAuditEvent(tx, context, { action: 'org.invitation_revoked', orgId: invitation.orgId, actorUserId: input.actorId, targetType: 'invitation', targetId: invitation.id, metadata: { reason: input.reason } })
  }
}

async function findInvitationByToken(db: DbOrTx, token: string, lock = false) {
  const query = db.select({ invitation: invitations, orgName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(and(eq(invitations.tokenHash, hashToken(token)), open()))
  const [row] = lock ? await query.for('update', { of: invitations }) : await query
  if (!row || row.invitation.expiresAt.getTime() <= Date.now()) {
    throw new GoneError('This invitation has expired or is no longer valid. Ask for a new one.', 'invitation_expired')
  }
  return row
}

/** What the invitation page shows before accepting: org, role, and whether the email has an account. */
export async function previewInvitation(db: DbOrTx, token: string) {
  const { invitation, orgName } = await findInvitationByToken(db, token)
  const account = await findUserByEmail(db, invitation.email)
  return { orgId: invitation.orgId, orgName, email: invitation.email, role: invitation.role, hasAccount: Boolean(account), expiresAt: invitation.expiresAt }
}

/**
 * Accepts an invitation. A signed-in user must be the invited address; without an account,
 * `name` and `password` create one (verified: the link proved the inbox) and sign it in.
 */
export async function acceptInvitation(db: Db, context: RequestContext, input: { token: string, userId?: string, name?: string, password?: string }) {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined
  return await db.transaction(async (tx) => {
    const { invitation } = await findInvitationByToken(tx, input.token, true)
    let userId = input.userId
    let sessionToken: string | undefined
    if (userId) {
      const [user] = await tx.select().from(users).where(eq(users.id, userId))
      if (!user || normalizeEmail(user.email) !== invitation.email) {
        throw new ForbiddenError(`This invitation is for ${invitation.email}. Sign in with that address to accept it.`, 'invitation_email_mismatch')
      }
    }
    else {
      if (await findUserByEmail(tx, invitation.email)) throw new UnauthorizedError(`Sign in as ${invitation.email} to accept this invitation.`, 'sign_in_required')
      const [deleted] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${invitation.email}`).limit(1)
      if (deleted) throw new ConflictError('This address belongs to an account that was deleted recently. Ask for an invitation to another address.', 'account_deleted')
      if (!input.name || !passwordHash) throw new UnauthorizedError('Choose your name and a password to create your account.', 'account_required')
      const [user] = await tx.insert(users).values({ email: invitation.email, name: input.name, passwordHash, emailVerifiedAt: new Date() }).returning()
      userId = user!.id
      sessionToken = (await createSession(tx, userId, context, invitation.orgId)).token
    }
    await tx.insert(memberships).values({ orgId: invitation.orgId, userId, role: invitation.role }).onConflictDoNothing()
    await tx.update(invitations).set({ acceptedAt: sql`now()` }).where(eq(invitations.id, invitation.id))
    await recordAuditEvent(tx, context, { action: 'org.invitation_accepted', orgId: invitation.orgId, actorUserId: userId, targetType: 'invitation', targetId: invitation.id, metadata: { role: invitation.role } })
    return { orgId: invitation.orgId, role: invitation.role, sessionToken }
  })
}

export async function declineInvitation(db: Db, context: RequestContext, token: string) {
  await db.transaction(async (tx) => {
    const { invitation } = await findInvitationByToken(tx, token, true)
    await tx.update(invitations).set({ declinedAt: sql`now()` }).where(eq(invitations.id, invitation.id))
    await recordAuditEvent(tx, context, { action: 'org.invitation_declined', orgId: invitation.orgId, targetType: 'invitation', targetId: invitation.id })
  })
}

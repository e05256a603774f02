import { randomBytes } from 'node:crypto'
import { and, asc, eq, ne, sql } from 'drizzle-orm'
import { memberships, organizations, users, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, ForbiddenError, NotFoundError } from '@flectar/errors'
import { isUuid } from '@flectar/validation'
import { recordAuditEvent } from './audit'
import type { RequestContext } from './context'
import { revokeInvitationsSentBy } from './invitations'
import { requireOrgRole, type Role } from './roles'

function slugify(name: string): string {
  const base = name.normalize('NFKD').replace(/[\u0300-\u036F]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40)
  return base || 'org'
}

/** Creates an org with `ownerId` as its owner; the slug gets a short suffix if taken. */
export async function createOrganization(db: DbOrTx, context: RequestContext, input: { name: string, ownerId: string }) {
  const base = slugify(input.name)
  let slug = base
  for (let attempt = 0; ; attempt++) {
    const [org] = await db.insert(organizations).values({ name: input.name, slug }).onConflictDoNothing().returning()
    if (org) {
      await db.insert(memberships).values({ orgId: org.id, userId: input.ownerId, role: 'owner' })
      await recordAuditEvent(db, context, { action: 'org.created', orgId: org.id, actorUserId: input.ownerId })
      return org
    }
    if (attempt > 5) throw new ConflictError('Could not find a free address for this organization name.')
    slug = `${base}-${randomBytes(3).toString('hex')}`
  }
}

export async function listMyOrganizations(db: DbOrTx, userId: string) {
  return await db.select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: memberships.role, requireTwoFactor: organizations.requireTwoFactor })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name))
}

/** Renames the org or changes its 2FA rule (audited `org.settings_changed`, in the same transaction). */
export async function updateOrganization(db: Db, context: RequestContext, actorId: string, orgId: string, changes: { name?: string, requireTwoFactor?: boolean }) {
  const { org } = await requireOrgRole(db, actorId, orgId, 'admin')
  return await db.transaction(async (tx) => {
    const [updated] = await tx.update(organizations).set({ ...changes, updatedAt: sql`now()` }).where(eq(organizations.id, org.id)).returning()
    await recordAuditEvent(tx, context, {
      action: 'org.settings_changed',
      orgId,
      actorUserId: actorId,
      metadata: { before: { name: org.name, requireTwoFactor: org.requireTwoFactor }, after: changes },
    })
    return updated!
  })
}

export async function listMembers(db: DbOrTx, actorId: string, orgId: string) {
  await requireOrgRole(db, actorId, orgId, 'viewer')
  return await db.select({ userId: users.id, email: users.email, name: users.name, surname: users.surname, role: memberships.role, twoFactor: sql<boolean>`${users.totpEnabledAt} is not null`, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.email))
}

async function countOtherOwners(db: DbOrTx, orgId: string, userId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner'), ne(memberships.userId, userId)))
  return row?.n ?? 0
}

/**
 * Changes a member's role. Only owners grant or take away ownership; the last owner stays an
 * owner. Invitations the member sent that the new role could not send are revoked.
 */
export async function changeMemberRole(db: Db, context: RequestContext, actorId: string, orgId: string, targetUserId: string, role: Role) {
  return await db.transaction(async (tx) => {
    const actor = await requireOrgRole(tx, actorId, orgId, 'admin')
    if (!isUuid(targetUserId)) throw new NotFoundError('Member not found.')
    // Lock the org's memberships so two demotions cannot both pass the last-owner check.
    const rows = await tx.select().from(memberships).where(eq(memberships.orgId, orgId)).for('update')
    const target = rows.find(row => row.userId === targetUserId)
    if (!target) throw new NotFoundError('Member not found.')
    if ((role === 'owner' || target.role === 'owner') && actor.role !== 'owner') throw new ForbiddenError('Only an owner can change who is an owner.')
    if (target.role === 'owner' && role !== 'owner' && rows.filter(row => row.role === 'owner').length === 1) {
      throw new ConflictError('An organization needs at least one owner. Make someone else an owner first.', 'last_owner')
    }
    await tx.update(memberships).set({ role }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, targetUserId)))
    await recordAuditEvent(tx, context, { action: 'org.member_role_changed', orgId, actorUserId: actorId, targetType: 'user', targetId: targetUserId, metadata: { from: target.role, to: role } })
    await revokeInvitationsSentBy(tx, context, { inviterId: targetUserId, orgId, role, actorId, reason: 'inviter_role_changed' })
    return { userId: targetUserId, role }
  })
}

/**
 * Removes a member (or the actor leaves when `targetUserId === actorId`); never the last owner.
 * The invitations they sent to the org are revoked with them.
 */
export async function removeMember(db: Db, context: RequestContext, actorId: string, orgId: string, targetUserId: string) {
  return await db.transaction(async (tx) => {
    const leaving = actorId === targetUserId
    const actor = await requireOrgRole(tx, actorId, orgId, leaving ? 'viewer' : 'admin')
    if (!isUuid(targetUserId)) throw new NotFoundError('Member not found.')
    await tx.select().from(memberships).where(eq(memberships.orgId, orgId)).for('update')
    const [target] = await tx.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, targetUserId)))
    if (!target) throw new NotFoundError('Member not found.')
    if (target.role === 'owner' && !leaving && actor.role !== 'owner') throw new ForbiddenError('Only an owner can remove an owner.')
    if (target.role === 'owner' && (await countOtherOwners(tx, orgId, targetUserId)) === 0) {
      throw new ConflictError(leaving
        ? 'You are the last owner. Make someone else an owner before you leave.'
        : 'An organization needs at least one owner.', 'last_owner')
    }
    await tx.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, targetUserId)))
    await recordAuditEvent(tx, context, { action: leaving ? 'org.member_left' : 'org.member_removed', orgId, actorUserId: actorId, targetType: 'user', targetId: targetUserId })
    await revokeInvitationsSentBy(tx, context, { inviterId: targetUserId, orgId, actorId, reason: leaving ? 'inviter_left' : 'inviter_removed' })
  })
}

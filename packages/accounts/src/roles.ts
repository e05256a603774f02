import { and, eq } from 'drizzle-orm'
import { memberships, organizations, users, type DbOrTx } from '@flectar/db'
import { ForbiddenError, NotFoundError } from '@flectar/errors'
import { isUuid } from '@flectar/validation'

export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const
export type Role = typeof ROLES[number]

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3, owner: 4 }

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum]
}

/** Who may send an invitation with `invitedRole`: admins and owners, and only owners for owners. */
export function canSendInvitation(senderRole: Role, invitedRole: Role): boolean {
  return roleAtLeast(senderRole, invitedRole === 'owner' ? 'owner' : 'admin')
}

/**
 * The one authorization check for org-scoped work. A non-member (or an id that is not an
 * org) gets 404, exactly like a missing org, so ids of other tenants reveal nothing; a
 * member whose role is too low gets 403; an org that requires 2FA refuses members without it.
 */
export async function requireOrgRole(db: DbOrTx, userId: string, orgId: string, minimum: Role) {
  if (!isUuid(orgId)) throw new NotFoundError('Organization not found.')
  const [row] = await db.select({ org: organizations, role: memberships.role, totpEnabledAt: users.totpEnabledAt })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1)
  if (!row) throw new NotFoundError('Organization not found.')
  if (row.org.requireTwoFactor && !row.totpEnabledAt) {
    throw new ForbiddenError(`${row.org.name} requires two-factor authentication. Turn it on in your security settings.`, 'two_factor_required')
  }
  if (!roleAtLeast(row.role, minimum)) throw new ForbiddenError(`This needs the ${minimum} role or higher.`)
  return { org: row.org, role: row.role }
}

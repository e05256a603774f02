import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm'
import { memberships, users, type DbOrTx } from '@flectar/db'
import type { Role } from './roles'

/**
 * The email addresses of the org's members with one of these roles, for notices other
 * packages send them (a domain moved away, a new booking). A deleted account gets nothing.
 */
export async function listMemberEmails(db: DbOrTx, orgId: string, roles: readonly Role[]): Promise<string[]> {
  const rows = await db.select({ email: users.email }).from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, [...roles]), isNull(users.deletedAt)))
  return rows.map(row => row.email)
}

/** The phone numbers in the profiles of the org's members with one of these roles (for notices by WhatsApp). */
export async function listMemberPhones(db: DbOrTx, orgId: string, roles: readonly Role[]): Promise<string[]> {
  const rows = await db.select({ phone: users.phone }).from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, [...roles]), isNull(users.deletedAt), isNotNull(users.phone)))
  return rows.map(row => row.phone!).filter(phone => phone.trim() !== '')
}

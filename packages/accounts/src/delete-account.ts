import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import { authTokens, invoices, memberships, organizations, projects, users, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError } from '@flectar/errors'
import type { FileStorage } from '@flectar/storage'
import { recordAuditEvent } from './audit'
import { requireCurrentPassword } from './change-email'
import type { RequestContext } from './context'
import { revokeInvitationsSentBy } from './invitations'
import { revokeOtherSessions } from './sessions'

const DAY_MS = 24 * 60 * 60 * 1000

function listNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/**
 * Deletes the user's account after the password is entered again. Refused (409, naming the
 * orgs) while they are the only owner of an org that has other members: they hand over
 * ownership (or remove those members) first. An org they own alone, with no one else in it, goes
 * with the account — unless it issued invoices: then its sites (with their bookings, customers and
 * files' records) and draft invoices go, and the organisation stays closed, holding only its issued
 * invoices, credit notes and VeriFactu records, which tax law requires to be kept (P26). The account is soft-deleted: signed out everywhere, out of every org,
 * unable to sign in, and purged for good by `purgeDeletedAccounts` after the retention window.
 */
export async function deleteAccount(db: Db, context: RequestContext, userId: string, input: { password: string }) {
  const user = await requireCurrentPassword(db, userId, input.password)
  return await db.transaction(async (tx) => {
    const owned = tx.select({ orgId: memberships.orgId }).from(memberships)
      .where(and(eq(memberships.userId, user.id), eq(memberships.role, 'owner')))
    // Lock the memberships of the orgs they own so no one joins or is promoted meanwhile.
    const rows = await tx.select({ orgId: memberships.orgId, userId: memberships.userId, role: memberships.role, orgName: organizations.name })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(inArray(memberships.orgId, owned))
      .for('update', { of: memberships })
    const orgs = new Map<string, { name: string, others: number, otherOwners: number }>()
    for (const row of rows) {
      const org = orgs.get(row.orgId) ?? { name: row.orgName, others: 0, otherOwners: 0 }
      if (row.userId !== user.id) {
        org.others++
        if (row.role === 'owner') org.otherOwners++
      }
      orgs.set(row.orgId, org)
    }
    const blocking = [...orgs.values()].filter(org => org.others > 0 && org.otherOwners === 0).map(org => org.name).sort()
    if (blocking.length > 0) {
      throw new ConflictError(
        `You are the only owner of ${listNames(blocking)}, which ${blocking.length === 1 ? 'has' : 'have'} other members. Make one of them an owner first, or remove them so the organization goes with your account.`,
        'sole_owner',
        { organizations: blocking },
      )
    }
    const alone = [...orgs.entries()].filter(([, org]) => org.others === 0).map(([id]) => id)
    const invoicing = await orgsWithIssuedInvoices(tx, alone)
    const gone = alone.filter(id => !invoicing.has(id))
    if (gone.length > 0) await tx.delete(organizations).where(inArray(organizations.id, gone))
    if (invoicing.size > 0) await closeKeepingInvoices(tx, [...invoicing])
    await tx.delete(memberships).where(eq(memberships.userId, user.id))
    await revokeInvitationsSentBy(tx, context, { inviterId: user.id, actorId: user.id, reason: 'inviter_deleted' })
    await tx.update(users).set({ deletedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(users.id, user.id))
    await revokeOtherSessions(tx, user.id)
    await tx.update(authTokens).set({ usedAt: sql`now()` }).where(and(eq(authTokens.userId, user.id), isNull(authTokens.usedAt)))
    const deletedOrganizations = alone.map(id => orgs.get(id)!.name).sort()
    const keptForInvoices = [...invoicing].map(id => orgs.get(id)!.name).sort()
    await recordAuditEvent(tx, context, { action: 'auth.account_deleted', actorUserId: user.id, metadata: { deletedOrganizations, keptForInvoices } })
    return { status: 'deleted' as const, deletedOrganizations, keptForInvoices }
  })
}

/** Of these orgs, those with an invoice or credit note issued (drafts are not documents yet). */
async function orgsWithIssuedInvoices(tx: DbOrTx, orgIds: string[]): Promise<Set<string>> {
  if (orgIds.length === 0) return new Set()
  const rows = await tx.selectDistinct({ orgId: invoices.orgId }).from(invoices)
    .where(and(inArray(invoices.orgId, orgIds), sql`${invoices.status} <> 'draft'`))
  return new Set(rows.map(row => row.orgId))
}

/**
 * Closes orgs that must keep their invoices: the sites go (issued invoices keep their frozen
 * parties and lose only the link), and so do draft invoices; the org row, its issued invoices,
 * their lines and payments, and the VeriFactu chain stay.
 */
async function closeKeepingInvoices(tx: DbOrTx, orgIds: string[]) {
  await tx.delete(invoices).where(and(inArray(invoices.orgId, orgIds), eq(invoices.status, 'draft')))
  await tx.delete(projects).where(inArray(projects.orgId, orgIds))
  await tx.update(organizations).set({ closedAt: sql`now()`, updatedAt: sql`now()` }).where(inArray(organizations.id, orgIds))
}

/**
 * Hard-deletes accounts soft-deleted more than `retentionDays` ago, with their profile image.
 * Sessions, tokens and recovery codes go with them (FK cascade); their audit entries stay,
 * with the actor set to null. Safe to run from several instances at once.
 */
export async function purgeDeletedAccounts(db: Db, storage: FileStorage, options: { retentionDays: number, now?: Date, batchSize?: number }) {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionDays * DAY_MS)
  const batchSize = options.batchSize ?? 200
  let purged = 0
  const failedFiles: string[] = []
  for (;;) {
    const due = db.select({ id: users.id }).from(users).where(lt(users.deletedAt, cutoff)).limit(batchSize)
    const removed = await db.delete(users).where(inArray(users.id, due)).returning({ id: users.id, avatarKey: users.avatarKey })
    purged += removed.length
    for (const { avatarKey } of removed) {
      if (!avatarKey) continue
      // A file left behind is reported, never a reason to keep the account.
      await storage.delete(avatarKey).catch(() => failedFiles.push(avatarKey))
    }
    if (removed.length < batchSize) break
  }
  return { purged, failedFiles }
}

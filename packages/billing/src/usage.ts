import { and, count, eq, gt, gte, isNull, sql, sum } from 'drizzle-orm'
import { bookings, invitations, mediaAssets, memberships, orgBilling, projects, type DbOrTx } from '@flectar/db'
import { planOf, PLAN_LIMITS, type BillingConfig, type Plan, type PlanLimit } from './plans'

export type Usage = Record<PlanLimit, number>

/**
 * What an organisation uses of each limit now. Members count pending invitations too (each
 * becomes a member when accepted); storage counts the uploaded originals, not the image
 * variants made from them.
 */
export async function usageOf(db: DbOrTx, orgId: string, limit: PlanLimit): Promise<number> {
  switch (limit) {
    case 'sites': {
      const [row] = await db.select({ n: count() }).from(projects).where(eq(projects.orgId, orgId))
      return row?.n ?? 0
    }
    case 'members': {
      const [members] = await db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId))
      const [pending] = await db.select({ n: count() }).from(invitations).where(and(
        eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.declinedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`),
      ))
      return (members?.n ?? 0) + (pending?.n ?? 0)
    }
    case 'bookingsPerMonth': {
      const [row] = await db.select({ n: count() }).from(bookings)
        .where(and(eq(bookings.orgId, orgId), gte(bookings.createdAt, sql`date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'`)))
      return row?.n ?? 0
    }
    case 'storageBytes': {
      const [row] = await db.select({ bytes: sum(mediaAssets.sizeBytes) }).from(mediaAssets).where(eq(mediaAssets.orgId, orgId))
      return Number(row?.bytes ?? 0)
    }
  }
}

export async function usageOfOrg(db: DbOrTx, orgId: string): Promise<Usage> {
  const values = await Promise.all(PLAN_LIMITS.map(limit => usageOf(db, orgId, limit)))
  return Object.fromEntries(PLAN_LIMITS.map((limit, index) => [limit, values[index]!])) as Usage
}

export type OrgBillingRow = typeof orgBilling.$inferSelect

/** The organisation's plan and its Stripe state; no row (never subscribed) is the free plan. */
export async function billingOfOrg(db: DbOrTx, config: BillingConfig, orgId: string): Promise<{ plan: Plan, row: OrgBillingRow | undefined }> {
  const [row] = await db.select().from(orgBilling).where(eq(orgBilling.orgId, orgId))
  return { plan: planOf(config, row?.plan), row }
}

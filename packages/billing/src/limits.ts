import { sql } from 'drizzle-orm'
import type { DbOrTx } from '@flectar/db'
import { AppError } from '@flectar/errors'
import { formatBytes } from '@flectar/storage'
import { LIMIT_LABELS, type BillingConfig, type Plan, type PlanLimit } from './plans'
import { billingOfOrg, usageOf } from './usage'

/**
 * A plan limit reached: 402 for the organisation's own people (upgrading lifts it), 409 for a
 * visitor, who cannot upgrade anyone's plan. `limit`, `allowed` and `used` let a client say
 * which limit it was.
 */
export class PlanLimitError extends AppError {
  constructor(plan: Plan, limit: PlanLimit, allowed: number, used: number, audience: 'member' | 'visitor') {
    const label = allowed === 1 ? LIMIT_LABELS[limit].one : LIMIT_LABELS[limit].many
    const amount = limit === 'storageBytes' ? formatBytes(allowed) : `${allowed} ${label}`
    super(
      audience === 'member' ? 'payment_required' : 'conflict',
      'plan_limit_reached',
      audience === 'member'
        ? `The ${plan.name} plan allows ${amount}. Upgrade the plan in Settings → Billing to go beyond it.`
        : limit === 'bookingsPerMonth'
          ? 'This business is not taking more online bookings this month. Please contact them directly.'
          : 'This business cannot accept that right now. Please contact them directly.',
      { limit, allowed, used, plan: plan.id },
    )
  }
}

export interface LimitCheck {
  limit: PlanLimit
  /** How much the write adds: 1 site, member or booking; the upload's bytes. */
  adding?: number
  audience?: 'member' | 'visitor'
}

/**
 * Refuses a write that would take the organisation beyond its plan. Called inside the write's
 * transaction: a transaction-scoped advisory lock per (organisation, limit) makes two
 * concurrent writes count one after the other, so two requests cannot both take the last
 * place. With billing off it does nothing at all.
 */
export async function assertWithinPlan(tx: DbOrTx, config: BillingConfig, orgId: string, check: LimitCheck): Promise<void> {
  if (!config.enabled) return
  const { plan } = await billingOfOrg(tx, config, orgId)
  const allowed = plan.limits[check.limit]
  if (allowed === null) return
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`plan:${orgId}:${check.limit}`}, 0))`)
  const used = await usageOf(tx, orgId, check.limit)
  if (used + (check.adding ?? 1) > allowed) throw new PlanLimitError(plan, check.limit, allowed, used, check.audience ?? 'member')
}

/** `assertWithinPlan` as the `(tx) => …` hook the sites, accounts and bookings packages accept. */
export function planGuard(config: BillingConfig, orgId: string, check: LimitCheck): (tx: DbOrTx) => Promise<void> {
  return tx => assertWithinPlan(tx, config, orgId, check)
}

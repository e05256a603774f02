import { billingOfOrg, LIMIT_LABELS, PLAN_LIMITS, usageOfOrg, type Plan } from '@flectar/billing'
import { formatBytes } from '@flectar/storage'

function amountOf(limit: typeof PLAN_LIMITS[number], value: number) {
  return limit === 'storageBytes' ? formatBytes(value) : String(value)
}

function presentPlan(plan: Plan) {
  return { id: plan.id, name: plan.name, priceMinor: plan.priceMinor, currency: plan.currency, interval: plan.interval, limits: plan.limits }
}

// The organisation's plan, what it uses of each limit, and the plans it can move to. With
// billing off, `enabled` is false and no limit applies (`allowed` is null everywhere).
export default defineEventHandler(async (event) => {
  const { org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  const config = useBillingConfig()
  const { db } = useDatabase()
  const [{ plan, row }, usage] = await Promise.all([billingOfOrg(db, config, org.id), usageOfOrg(db, org.id)])
  return {
    enabled: config.enabled,
    plan: config.enabled ? presentPlan(plan) : null,
    status: row?.status ?? null,
    currentPeriodEnd: row?.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: row?.cancelAtPeriodEnd ?? false,
    hasSubscription: Boolean(row?.stripeCustomerId),
    usage: PLAN_LIMITS.map((limit) => {
      const allowed = config.enabled ? plan.limits[limit] : null
      return { limit, label: LIMIT_LABELS[limit].many, used: usage[limit], allowed, usedText: amountOf(limit, usage[limit]), allowedText: allowed === null ? null : amountOf(limit, allowed) }
    }),
    plans: config.enabled ? config.plans.map(presentPlan) : [],
  }
})

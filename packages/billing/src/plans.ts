import { z } from 'zod'

/** What a plan limits. Storage is in bytes; bookings count those made in the current calendar month (UTC). */
export const PLAN_LIMITS = ['sites', 'members', 'bookingsPerMonth', 'storageBytes'] as const
export type PlanLimit = typeof PLAN_LIMITS[number]

const limitSchema = z.number().int('must be a whole number').min(0, 'must be 0 or more').nullable()

export const planSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lower-case letters, digits, - or _'),
  name: z.string().trim().min(1).max(60),
  /** 0 for a free plan, which is never sold through Stripe. */
  priceMinor: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  interval: z.enum(['month', 'year']),
  /** null: no limit. */
  limits: z.object({ sites: limitSchema, members: limitSchema, bookingsPerMonth: limitSchema, storageBytes: limitSchema }),
})
export type Plan = z.infer<typeof planSchema>

export const plansSchema = z.array(planSchema).min(1, 'must list at least one plan')
  .refine(plans => new Set(plans.map(plan => plan.id)).size === plans.length, 'plan ids must be unique')
  .refine(plans => plans.some(plan => plan.priceMinor === 0), 'needs a free plan (price 0): organisations without a subscription are on it')

const GB = 1024 ** 3

/** The catalogue when PLATFORM_PLANS does not set one. */
export const DEFAULT_PLANS: Plan[] = [
  { id: 'free', name: 'Free', priceMinor: 0, currency: 'EUR', interval: 'month', limits: { sites: 1, members: 2, bookingsPerMonth: 50, storageBytes: GB / 2 } },
  { id: 'starter', name: 'Starter', priceMinor: 1500, currency: 'EUR', interval: 'month', limits: { sites: 3, members: 5, bookingsPerMonth: 500, storageBytes: 5 * GB } },
  { id: 'business', name: 'Business', priceMinor: 4500, currency: 'EUR', interval: 'month', limits: { sites: 10, members: 25, bookingsPerMonth: 5000, storageBytes: 50 * GB } },
]

export const LIMIT_LABELS: Record<PlanLimit, { one: string, many: string }> = {
  sites: { one: 'site', many: 'sites' },
  members: { one: 'member', many: 'members' },
  bookingsPerMonth: { one: 'booking a month', many: 'bookings a month' },
  storageBytes: { one: 'byte of storage', many: 'bytes of storage' },
}

/**
 * How an installation bills organisations. `enabled: false` (the default for self-hosters) means
 * no plan, no limit and no Stripe call: every check passes.
 */
export interface BillingConfig {
  enabled: boolean
  plans: Plan[]
  /** The platform's own Stripe account (never a merchant's), when enabled. */
  stripe?: { secretKey: string, webhookSecret: string, apiUrl?: string }
}

/** Parses PLATFORM_PLANS (JSON); unset or empty gives the default catalogue. Throws with the first problem named. */
export function parsePlans(json: string | undefined): Plan[] {
  if (!json?.trim()) return DEFAULT_PLANS
  let value: unknown
  try {
    value = JSON.parse(json)
  }
  catch {
    throw new Error('PLATFORM_PLANS: must be a JSON array of plans')
  }
  const parsed = plansSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(`PLATFORM_PLANS${issue.path.map(part => `[${String(part)}]`).join('')}: ${issue.message}`)
  }
  return parsed.data
}

export function freePlanOf(config: BillingConfig): Plan {
  return config.plans.find(plan => plan.priceMinor === 0)!
}

/** The plan an id names; an id that left the catalogue falls back to the free plan. */
export function planOf(config: BillingConfig, id: string | null | undefined): Plan {
  return config.plans.find(plan => plan.id === id) ?? freePlanOf(config)
}

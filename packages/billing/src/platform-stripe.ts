import { eq } from 'drizzle-orm'
import { auditEvents, orgBilling, platformBillingEvents, type Db } from '@flectar/db'
import { AppError, ConflictError, InvalidInputError } from '@flectar/errors'
import {
  cancelStripeSubscription,
  createStripeClient,
  createStripePortalSession,
  createStripeSubscriptionCheckout,
  StripeRequestError,
  subscriptionOfEvent,
  type VerifiedStripeEvent,
} from '@flectar/stripe'
import { isUuid } from '@flectar/validation'
import { freePlanOf, planOf, type BillingConfig } from './plans'
import { billingOfOrg } from './usage'

/** Statuses under which the subscribed plan applies (past_due: Stripe is still retrying the card). */
const PLAN_APPLIES = new Set(['active', 'trialing', 'past_due'])

function platformClient(config: BillingConfig) {
  if (!config.enabled || !config.stripe) throw new ConflictError('Billing is off on this installation: every plan limit is lifted.', 'billing_disabled')
  return createStripeClient({ secretKey: config.stripe.secretKey, baseUrl: config.stripe.apiUrl })
}

function upstream(error: unknown): never {
  if (error instanceof StripeRequestError) throw new AppError('upstream_failed', 'billing_provider_unavailable', 'Stripe did not answer. Nothing was changed: please try again.')
  throw error
}

export interface PlanCheckoutRequest {
  orgId: string
  planId: string
  customerEmail: string
  successUrl: string
  cancelUrl: string
}

/**
 * A Stripe Checkout (subscription mode) on the platform's account for a paid plan. The
 * subscription carries the organisation and plan in its metadata; the webhook applies it.
 */
export async function startPlanCheckout(db: Db, config: BillingConfig, request: PlanCheckoutRequest): Promise<{ url: string }> {
  const client = platformClient(config)
  const plan = config.plans.find(candidate => candidate.id === request.planId)
  if (!plan) throw new InvalidInputError({ plan: 'Choose one of the plans' })
  if (plan.priceMinor === 0) throw new InvalidInputError({ plan: 'The free plan needs no checkout: cancel the subscription from the billing portal instead' })
  const { plan: current, row } = await billingOfOrg(db, config, request.orgId)
  if (current.id === plan.id && row && PLAN_APPLIES.has(row.status)) throw new ConflictError(`This organisation is already on the ${plan.name} plan.`, 'already_on_plan')
  const metadata = { org_id: request.orgId, plan: plan.id }
  try {
    const checkout = await createStripeSubscriptionCheckout(client, {
      priceData: { currency: plan.currency, unitAmountMinor: plan.priceMinor, interval: plan.interval, productName: `Flectar Base ${plan.name}` },
      successUrl: request.successUrl,
      cancelUrl: request.cancelUrl,
      ...(row?.stripeCustomerId ? { customerId: row.stripeCustomerId } : { customerEmail: request.customerEmail }),
      clientReferenceId: request.orgId,
      metadata,
      subscriptionMetadata: metadata,
    })
    return { url: checkout.url }
  }
  catch (error) {
    upstream(error)
  }
}

/** Stripe's customer portal for the organisation's subscription: change the card, see invoices, cancel. */
export async function openBillingPortal(db: Db, config: BillingConfig, orgId: string, returnUrl: string): Promise<{ url: string }> {
  const client = platformClient(config)
  const { row } = await billingOfOrg(db, config, orgId)
  if (!row?.stripeCustomerId) throw new ConflictError('This organisation has no subscription yet: choose a plan first.', 'no_subscription')
  try {
    return { url: (await createStripePortalSession(client, { customerId: row.stripeCustomerId, returnUrl })).url }
  }
  catch (error) {
    upstream(error)
  }
}

export type PlatformEventOutcome = 'applied' | 'duplicate' | 'ignored'

/**
 * Applies one verified event of the platform's Stripe account, exactly once per event id. The
 * subscription is read back from Stripe rather than trusted from the event, so deliveries that
 * arrive late or out of order still leave the latest state. A new subscription of an
 * organisation that already had one (an upgrade or downgrade through Checkout) replaces it; the
 * old one is cancelled at Stripe once the change is committed.
 */
export async function applyPlatformStripeEvent(db: Db, config: BillingConfig, event: VerifiedStripeEvent): Promise<{ outcome: PlatformEventOutcome, notCancelled?: string }> {
  const client = platformClient(config)
  const subscription = await subscriptionOfEvent(client, event).catch(upstream)
  if (!subscription) return { outcome: 'ignored' }
  const orgId = subscription.metadata.org_id
  const planId = subscription.metadata.plan
  if (!orgId || !isUuid(orgId) || !planId || !config.plans.some(plan => plan.id === planId)) return { outcome: 'ignored' }

  const replaced = await db.transaction(async (tx) => {
    const [fresh] = await tx.insert(platformBillingEvents).values({ eventId: event.id, type: event.type, orgId }).onConflictDoNothing().returning()
    if (!fresh) return { outcome: 'duplicate' as const }
    const [row] = await tx.select().from(orgBilling).where(eq(orgBilling.orgId, orgId)).for('update')
    const applies = PLAN_APPLIES.has(subscription.status)
    const isCurrent = row?.stripeSubscriptionId === subscription.subscriptionId
    if (!isCurrent && !applies) return { outcome: 'ignored' as const }

    const state = applies
      ? { plan: planOf(config, planId).id, status: subscription.status, stripeSubscriptionId: subscription.subscriptionId, currentPeriodEnd: subscription.currentPeriodEnd, cancelAtPeriodEnd: subscription.cancelAtPeriodEnd }
      : { plan: freePlanOf(config).id, status: subscription.status, stripeSubscriptionId: null, currentPeriodEnd: null, cancelAtPeriodEnd: false }
    const values = { ...state, stripeCustomerId: subscription.customerId ?? row?.stripeCustomerId ?? null, updatedAt: new Date() }
    await tx.insert(orgBilling).values({ orgId, ...values }).onConflictDoUpdate({ target: orgBilling.orgId, set: values })
    const before = planOf(config, row?.plan).id
    if (before !== state.plan || row?.status !== state.status) {
      // Stripe, not a member, made the change: no actor, and the event id says which delivery.
      await tx.insert(auditEvents).values({ action: 'org.plan_changed', orgId, targetType: 'org', targetId: orgId, metadata: { from: before, to: state.plan, status: state.status, stripeEvent: event.id } })
    }
    const previous = !isCurrent && row?.stripeSubscriptionId ? row.stripeSubscriptionId : undefined
    return { outcome: 'applied' as const, previous }
  })
  if (!('previous' in replaced) || !replaced.previous) return { outcome: replaced.outcome }
  try {
    await cancelStripeSubscription(client, replaced.previous, { atPeriodEnd: false })
    return { outcome: replaced.outcome }
  }
  catch (error) {
    // The new plan stands either way; the caller logs that the old subscription still runs.
    if (error instanceof StripeRequestError) return { outcome: replaced.outcome, notCancelled: replaced.previous }
    throw error
  }
}

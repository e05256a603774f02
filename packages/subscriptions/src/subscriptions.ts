import { and, count, desc, eq, gte, inArray, isNotNull } from 'drizzle-orm'
import { upsertCustomer } from '@flectar/bookings'
import { bookings, customers, customerSubscriptions, subscriptionBookings, subscriptionEvents, subscriptionPlans, type Db, type DbOrTx } from '@flectar/db'
import { AppError, ConflictError, NotFoundError, parseInput } from '@flectar/errors'
import { loadProviderCredentials, stripeClientFor, type ProviderEndpoints } from '@flectar/payments'
import type { KeyRing } from '@flectar/security'
import type { Project, ProjectScope } from '@flectar/sites'
import {
  createStripePortalSession,
  createStripeSubscriptionCheckout,
  StripeRequestError,
  subscriptionFromStripeEvent,
  subscriptionOfEvent,
  type VerifiedStripeEvent,
} from '@flectar/stripe'
import { isUuid } from '@flectar/validation'
import { requirePlan, type SubscriptionPlan } from './plans'
import { subscribeSchema, type SubscriptionInterval } from './schemas'
import { subscriptionUrl } from './tokens'

export type CustomerSubscription = typeof customerSubscriptions.$inferSelect

/** Statuses under which a subscription covers bookings (past_due: Stripe is still retrying the card). */
export const COVERING_STATUSES = new Set(['active', 'trialing', 'past_due'])
/** Bookings that count against a period: not cancelled, rejected or missed by the business. */
const COUNTED_BOOKINGS = ['pending', 'pending_payment', 'confirmed', 'completed', 'no_show'] as const

export interface SubscriptionEnv {
  keyRing: KeyRing
  endpoints?: ProviderEndpoints
  /** The project's site origin and the link secret, for the subscriber's page. */
  siteOrigin: string
  secret: string
}

async function stripeOf(db: DbOrTx, env: Pick<SubscriptionEnv, 'keyRing' | 'endpoints'>, projectId: string): Promise<ReturnType<typeof stripeClientFor>> {
  const credentials = await loadProviderCredentials(db, env.keyRing, projectId, 'stripe')
  if (!credentials?.enabled || !credentials.secrets.secretKey) {
    throw new ConflictError('This business does not take subscriptions online yet.', 'subscriptions_unavailable')
  }
  return stripeClientFor(credentials, env.endpoints)
}

function upstream(error: unknown): never {
  if (error instanceof StripeRequestError) throw new AppError('upstream_failed', 'payment_provider_unavailable', 'Stripe did not answer. Nothing was charged: please try again.')
  throw error
}

/** The start of the period that ends at `end`: one interval earlier (Stripe bills on the same day). */
export function periodStartOf(end: Date, interval: SubscriptionInterval): Date {
  const start = new Date(end)
  if (interval === 'week') start.setUTCDate(start.getUTCDate() - 7)
  else if (interval === 'month') start.setUTCMonth(start.getUTCMonth() - 1)
  else start.setUTCFullYear(start.getUTCFullYear() - 1)
  return start
}

/**
 * A visitor subscribes: their customer record and a `checkout` subscription are written first,
 * so the Stripe subscription's metadata carries our id, then Stripe Checkout (subscription mode)
 * on the project's own account. Coming back lands on the subscriber's page; the webhook makes
 * the subscription active. If Stripe does not answer, nothing is left behind.
 */
export async function startSubscriptionCheckout(db: Db, project: Project, input: unknown, env: SubscriptionEnv): Promise<{ url: string, subscriptionId: string }> {
  const { planId, customer } = parseInput(subscribeSchema, input)
  const scope = { orgId: project.orgId, projectId: project.id }
  const plan = await requirePlan(db, scope, planId)
  if (!plan.active) throw new ConflictError('This plan is no longer offered.', 'plan_archived')
  const client = await stripeOf(db, env, project.id)
  const subscription = await db.transaction(async (tx) => {
    const person = await upsertCustomer(tx, scope, customer)
    const [row] = await tx.insert(customerSubscriptions).values({ ...scope, planId: plan.id, customerId: person.id, status: 'checkout' }).returning()
    return row!
  })
  const ids = { subscription_id: subscription.id, project_id: project.id, plan_id: plan.id }
  const page = subscriptionUrl(env.siteOrigin, env.secret, subscription.id)
  try {
    const checkout = await createStripeSubscriptionCheckout(client, {
      priceData: { currency: plan.currency, unitAmountMinor: plan.priceMinor, interval: plan.interval as SubscriptionInterval, productName: `${project.name}: ${plan.name}` },
      successUrl: `${page}?checkout=done`,
      cancelUrl: `${env.siteOrigin.replace(/\/$/, '')}/subscribe?cancelled=1`,
      customerEmail: customer.email,
      clientReferenceId: subscription.id,
      metadata: ids,
      subscriptionMetadata: ids,
      idempotencyKey: `subscription-checkout-${subscription.id}`,
    })
    await db.update(customerSubscriptions).set({ stripeCheckoutId: checkout.id, updatedAt: new Date() }).where(eq(customerSubscriptions.id, subscription.id))
    return { url: checkout.url, subscriptionId: subscription.id }
  }
  catch (error) {
    await db.delete(customerSubscriptions).where(eq(customerSubscriptions.id, subscription.id))
    upstream(error)
  }
}

/** Stripe's customer portal for one subscriber (card, invoices, cancelling), back to their page. */
export async function subscriberPortal(db: DbOrTx, project: Project, subscriptionId: string, env: SubscriptionEnv): Promise<{ url: string }> {
  const subscription = await requireSubscription(db, { orgId: project.orgId, projectId: project.id }, subscriptionId)
  if (!subscription.stripeCustomerId) throw new ConflictError('The payment has not been confirmed yet. Try again in a minute.', 'subscription_not_started')
  const client = await stripeOf(db, env, project.id)
  try {
    return await createStripePortalSession(client, { customerId: subscription.stripeCustomerId, returnUrl: subscriptionUrl(env.siteOrigin, env.secret, subscription.id) })
  }
  catch (error) {
    upstream(error)
  }
}

export async function requireSubscription(db: DbOrTx, scope: ProjectScope, subscriptionId: string): Promise<CustomerSubscription> {
  if (!isUuid(subscriptionId)) throw new NotFoundError('There is no such subscription.', 'subscription_not_found')
  const [row] = await db.select().from(customerSubscriptions)
    .where(and(eq(customerSubscriptions.id, subscriptionId), eq(customerSubscriptions.projectId, scope.projectId), eq(customerSubscriptions.orgId, scope.orgId)))
  if (!row) throw new NotFoundError('There is no such subscription.', 'subscription_not_found')
  return row
}

export type SubscriptionEventOutcome = 'applied' | 'duplicate' | 'ignored'

/**
 * Applies one verified Stripe event of a project's account to the subscription it is about,
 * once per event id. The subscription is read back from Stripe, so deliveries that arrive late
 * or out of order leave its latest state. Events of subscriptions not made here are ignored.
 */
export async function applySubscriptionEvent(db: Db, projectId: string, env: Pick<SubscriptionEnv, 'keyRing' | 'endpoints'>, event: VerifiedStripeEvent): Promise<SubscriptionEventOutcome> {
  if (!subscriptionFromStripeEvent(event)) return 'ignored'
  const state = await subscriptionOfEvent(await stripeOf(db, env, projectId), event).catch(upstream)
  if (!state) return 'ignored'
  const ours = state.metadata.subscription_id
  if (!ours || !isUuid(ours) || state.metadata.project_id !== projectId) return 'ignored'
  return await db.transaction(async (tx) => {
    const [fresh] = await tx.insert(subscriptionEvents).values({ projectId, eventId: event.id, type: event.type }).onConflictDoNothing().returning()
    if (!fresh) return 'duplicate'
    const [row] = await tx.select({ id: customerSubscriptions.id, interval: subscriptionPlans.interval, canceledAt: customerSubscriptions.canceledAt })
      .from(customerSubscriptions).innerJoin(subscriptionPlans, eq(subscriptionPlans.id, customerSubscriptions.planId))
      .where(and(eq(customerSubscriptions.id, ours), eq(customerSubscriptions.projectId, projectId))).for('update', { of: customerSubscriptions })
    if (!row) return 'ignored'
    const end = state.currentPeriodEnd
    await tx.update(customerSubscriptions).set({
      stripeSubscriptionId: state.subscriptionId,
      stripeCustomerId: state.customerId,
      status: state.status,
      currentPeriodEnd: end,
      currentPeriodStart: end ? periodStartOf(end, row.interval as SubscriptionInterval) : null,
      cancelAtPeriodEnd: state.cancelAtPeriodEnd,
      canceledAt: state.status === 'canceled' ? (row.canceledAt ?? new Date()) : null,
      updatedAt: new Date(),
    }).where(eq(customerSubscriptions.id, row.id))
    return 'applied'
  })
}

/** Bookings a subscription covered in its current period. */
export async function bookingsUsedInPeriod(db: DbOrTx, subscription: Pick<CustomerSubscription, 'id' | 'currentPeriodStart'>): Promise<number> {
  if (!subscription.currentPeriodStart) return 0
  const [row] = await db.select({ n: count() }).from(subscriptionBookings)
    .innerJoin(bookings, eq(bookings.id, subscriptionBookings.bookingId))
    .where(and(eq(subscriptionBookings.subscriptionId, subscription.id), gte(subscriptionBookings.createdAt, subscription.currentPeriodStart), inArray(bookings.status, [...COUNTED_BOOKINGS])))
  return row?.n ?? 0
}

export interface SubscriptionView {
  subscription: CustomerSubscription
  plan: SubscriptionPlan
  customer: { name: string, email: string | null } | null
  /** null when the plan grants no bookings. */
  bookingsLeft: number | null
  bookingsUsed: number
}

export async function viewSubscription(db: DbOrTx, scope: ProjectScope, subscriptionId: string): Promise<SubscriptionView> {
  const subscription = await requireSubscription(db, scope, subscriptionId)
  const plan = await requirePlan(db, scope, subscription.planId)
  const [customer] = subscription.customerId ? await db.select({ name: customers.name, email: customers.email }).from(customers).where(eq(customers.id, subscription.customerId)) : []
  const used = await bookingsUsedInPeriod(db, subscription)
  return { subscription, plan, customer: customer ?? null, bookingsUsed: used, bookingsLeft: plan.bookingsPerPeriod === null ? null : Math.max(0, plan.bookingsPerPeriod - used) }
}

/** The project's subscribers, newest first: those whose payment Stripe confirmed at least once. */
export async function listSubscribers(db: DbOrTx, scope: ProjectScope) {
  const rows = await db.select({ subscription: customerSubscriptions, planName: subscriptionPlans.name, bookingsPerPeriod: subscriptionPlans.bookingsPerPeriod, customerName: customers.name, customerEmail: customers.email })
    .from(customerSubscriptions)
    .innerJoin(subscriptionPlans, eq(subscriptionPlans.id, customerSubscriptions.planId))
    .leftJoin(customers, eq(customers.id, customerSubscriptions.customerId))
    .where(and(eq(customerSubscriptions.projectId, scope.projectId), eq(customerSubscriptions.orgId, scope.orgId), isNotNull(customerSubscriptions.stripeSubscriptionId)))
    .orderBy(desc(customerSubscriptions.createdAt))
    .limit(500)
  return await Promise.all(rows.map(async row => ({
    id: row.subscription.id,
    planId: row.subscription.planId,
    planName: row.planName,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    status: row.subscription.status,
    currentPeriodEnd: row.subscription.currentPeriodEnd,
    cancelAtPeriodEnd: row.subscription.cancelAtPeriodEnd,
    bookingsPerPeriod: row.bookingsPerPeriod,
    bookingsUsed: await bookingsUsedInPeriod(db, row.subscription),
    createdAt: row.subscription.createdAt,
  })))
}

/**
 * The hook a booking covered by a subscription runs in its own transaction (`BookingEnv.subscription`):
 * the subscription must cover bookings now, be this customer's, include the service and have a
 * booking left this period; the booking is then counted against it. Locks the subscription row,
 * so two bookings cannot both take the last one.
 */
export async function coverBooking(tx: DbOrTx, scope: ProjectScope, subscriptionId: string, booking: { id: string, serviceId: string | null, customerId: string | null }): Promise<void> {
  const [subscription] = await tx.select().from(customerSubscriptions)
    .where(and(eq(customerSubscriptions.id, subscriptionId), eq(customerSubscriptions.projectId, scope.projectId))).for('update')
  if (!subscription) throw new NotFoundError('There is no such subscription.', 'subscription_not_found')
  if (!COVERING_STATUSES.has(subscription.status)) throw new ConflictError('This subscription is not active, so it cannot cover a booking.', 'subscription_inactive')
  const plan = await requirePlan(tx, scope, subscription.planId)
  if (plan.bookingsPerPeriod === null) throw new ConflictError(`The ${plan.name} plan includes no bookings.`, 'subscription_no_bookings')
  if (plan.serviceIds.length > 0 && (!booking.serviceId || !plan.serviceIds.includes(booking.serviceId))) throw new ConflictError(`The ${plan.name} plan does not include this service.`, 'subscription_service_not_included')
  if (subscription.customerId !== booking.customerId) throw new ConflictError('Book with the email address you subscribed with.', 'subscription_other_customer', { fields: { 'customer.email': 'must be the email you subscribed with' } })
  const used = await bookingsUsedInPeriod(tx, subscription)
  if (used >= plan.bookingsPerPeriod) {
    const renews = subscription.currentPeriodEnd ? ` They renew on ${subscription.currentPeriodEnd.toISOString().slice(0, 10)}.` : ''
    throw new ConflictError(`All ${plan.bookingsPerPeriod} bookings of this period are used.${renews}`, 'subscription_bookings_used', { allowed: plan.bookingsPerPeriod, used })
  }
  await tx.insert(subscriptionBookings).values({ subscriptionId, bookingId: booking.id })
}

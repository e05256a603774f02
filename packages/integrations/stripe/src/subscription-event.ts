import type { VerifiedStripeEvent } from './webhook'
import { idOf, text, wholeNumber, withoutUndefined } from './event-fields'

export type StripeSubscriptionEventKind
  = | 'subscription_changed'
    | 'subscription_deleted'
    | 'invoice_paid'
    | 'invoice_payment_failed'
    | 'checkout_completed'

/** A Subscription as the billing features need it: ids, status and period, nothing personal. */
export interface StripeSubscriptionState {
  /** sub_… */
  subscriptionId: string
  /** cus_… */
  customerId: string | null
  /** incomplete | incomplete_expired | trialing | active | past_due | canceled | unpaid | paused */
  status: string
  /**
   * End of the paid period. Since API version dahlia it lives on each item
   * (`items.data[].current_period_end`), not on the subscription; the latest item end wins.
   */
  currentPeriodEnd: Date | null
  /** True once the customer cancelled (e.g. in the portal): it ends at currentPeriodEnd. */
  cancelAtPeriodEnd: boolean
  /** The first item's price (price_…), to tell plans apart. */
  priceId: string | null
  /** The subscription's metadata: our ids, from subscription_data[metadata] at checkout. */
  metadata: Record<string, string>
}

/**
 * A provider-neutral reading of one billing event. Subscription events carry the subscription, so
 * status, period and price are set; invoice and checkout events do not, so those are null and the
 * subscription event Stripe sends alongside (or retrieveStripeSubscription) supplies them.
 */
export interface StripeSubscriptionEvent {
  kind: StripeSubscriptionEventKind
  subscriptionId: string
  customerId: string | null
  status: string | null
  currentPeriodEnd: Date | null
  cancelAtPeriodEnd: boolean | null
  priceId: string | null
  /**
   * The subscription's metadata: from the subscription itself, or for invoices the snapshot in
   * parent.subscription_details.metadata. On checkout_completed it is the session's metadata.
   */
  metadata: Record<string, string>
  /** Invoice events: in_… */
  invoiceId?: string
  /** invoice_paid: what was paid; invoice_payment_failed: 0. Minor units. */
  amountPaidMinor?: number
  /** Invoice events: what the invoice asked for, minor units. */
  amountDueMinor?: number
  /** Lower-case ISO 4217, from the invoice or the session. */
  currency?: string
  /** checkout_completed: cs_… */
  checkoutSessionId?: string
  /** checkout_completed: the client_reference_id we sent. */
  clientReferenceId?: string
}

/**
 * Maps a verified event to what happened to a subscription, or null for events that are not
 * about one (including checkout.session.completed in payment mode, which paymentFromStripeEvent
 * reads, and invoices that no subscription generated).
 */
export function subscriptionFromStripeEvent(event: VerifiedStripeEvent): StripeSubscriptionEvent | null {
  const object = event.object
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed':
      return fromSubscription('subscription_changed', object)
    case 'customer.subscription.deleted':
      return fromSubscription('subscription_deleted', object)
    case 'invoice.paid':
      return fromInvoice('invoice_paid', object)
    case 'invoice.payment_failed':
      return fromInvoice('invoice_payment_failed', object)
    case 'checkout.session.completed':
      return fromCheckoutSession(object)
    default:
      return null
  }
}

/** Reads a Subscription object (from an event or the API) into its neutral state. */
export function subscriptionStateFrom(subscription: Record<string, unknown>): StripeSubscriptionState | null {
  const subscriptionId = text(subscription.id)
  const status = text(subscription.status)
  if (subscriptionId === undefined || status === undefined) return null
  const items = itemsOf(subscription)
  const periodEnds = items.map(item => wholeNumber(item.current_period_end)).filter(end => end !== undefined)
  return {
    subscriptionId,
    customerId: idOf(subscription.customer) ?? null,
    status,
    currentPeriodEnd: periodEnds.length === 0 ? null : new Date(Math.max(...periodEnds) * 1000),
    cancelAtPeriodEnd: subscription.cancel_at_period_end === true,
    priceId: idOf(items[0]?.price) ?? null,
    metadata: metadataOf(subscription.metadata),
  }
}

function fromSubscription(kind: StripeSubscriptionEventKind, object: Record<string, unknown>): StripeSubscriptionEvent | null {
  const state = subscriptionStateFrom(object)
  return state === null ? null : { kind, ...state }
}

/** Dahlia invoices name their subscription only under parent.subscription_details. */
function fromInvoice(kind: StripeSubscriptionEventKind, invoice: Record<string, unknown>): StripeSubscriptionEvent | null {
  const parent = recordOf(invoice.parent)
  const details = parent?.type === 'subscription_details' ? recordOf(parent.subscription_details) : undefined
  const subscriptionId = idOf(details?.subscription)
  if (subscriptionId === undefined) return null
  return withoutUndefined<StripeSubscriptionEvent>({
    kind,
    subscriptionId,
    customerId: idOf(invoice.customer) ?? null,
    status: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: null,
    priceId: null,
    metadata: metadataOf(details?.metadata),
    invoiceId: text(invoice.id),
    amountPaidMinor: wholeNumber(invoice.amount_paid),
    amountDueMinor: wholeNumber(invoice.amount_due),
    currency: text(invoice.currency),
  })
}

function fromCheckoutSession(session: Record<string, unknown>): StripeSubscriptionEvent | null {
  if (session.mode !== 'subscription') return null
  const subscriptionId = idOf(session.subscription)
  if (subscriptionId === undefined) return null
  return withoutUndefined<StripeSubscriptionEvent>({
    kind: 'checkout_completed',
    subscriptionId,
    customerId: idOf(session.customer) ?? null,
    status: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: null,
    priceId: null,
    metadata: metadataOf(session.metadata),
    invoiceId: idOf(session.invoice),
    currency: text(session.currency),
    checkoutSessionId: text(session.id),
    clientReferenceId: text(session.client_reference_id),
  })
}

function itemsOf(subscription: Record<string, unknown>): Record<string, unknown>[] {
  const data = recordOf(subscription.items)?.data
  return Array.isArray(data) ? data.map(recordOf).filter(item => item !== undefined) : []
}

/** Only string values: metadata is ours, but an event is still input from the network. */
function metadataOf(value: unknown): Record<string, string> {
  const metadata = recordOf(value)
  if (metadata === undefined) return {}
  return Object.fromEntries(Object.entries(metadata).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}

/** Stripe sends a linked object as its id, or expanded as an object with an id. */

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined
}

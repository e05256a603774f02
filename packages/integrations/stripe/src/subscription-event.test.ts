import { describe, expect, it } from 'vitest'
import {
  failedInvoiceObject,
  invoiceObject,
  manualInvoiceObject,
  PERIOD_END_DATE,
  subscriptionCheckoutSession,
  subscriptionObject,
} from './fixtures/subscription-events'
import { subscriptionFromStripeEvent, subscriptionStateFrom } from './subscription-event'
import type { VerifiedStripeEvent } from './webhook'

function event(type: string, object: object): VerifiedStripeEvent {
  return { id: 'evt_1', type, created: 1_796_083_200, livemode: false, object: structuredClone(object) as Record<string, unknown> }
}

const SUBSCRIPTION = {
  subscriptionId: 'sub_1Flectar',
  customerId: 'cus_1Buyer',
  status: 'active',
  currentPeriodEnd: PERIOD_END_DATE,
  cancelAtPeriodEnd: false,
  priceId: 'price_1Plan',
  metadata: { project_id: 'prj_7', plan_id: 'plan_pro' },
}

describe('subscriptionFromStripeEvent for subscription events', () => {
  it('reads created and updated, with the period end from the items (dahlia has none on the subscription)', () => {
    expect(PERIOD_END_DATE.toISOString()).toBe('2027-01-01T00:00:00.000Z')
    expect(subscriptionFromStripeEvent(event('customer.subscription.created', subscriptionObject))).toEqual({ kind: 'subscription_changed', ...SUBSCRIPTION })
    const cancelling = { ...subscriptionObject, cancel_at_period_end: true, cancel_at: 1_798_761_600 }
    expect(subscriptionFromStripeEvent(event('customer.subscription.updated', cancelling))).toEqual({ kind: 'subscription_changed', ...SUBSCRIPTION, cancelAtPeriodEnd: true })
  })

  it('ignores a top-level current_period_end, which the pinned version does not have', () => {
    const legacy = { ...subscriptionObject, current_period_end: 1_900_000_000, items: { ...subscriptionObject.items, data: [] } }
    expect(subscriptionFromStripeEvent(event('customer.subscription.updated', legacy))).toMatchObject({ currentPeriodEnd: null, priceId: null })
  })

  it('takes the latest item period end when items differ', () => {
    const item = subscriptionObject.items.data[0]
    const later = { ...item, id: 'si_2', current_period_end: 1_801_440_000 }
    const twoItems = { ...subscriptionObject, items: { ...subscriptionObject.items, data: [item, later] } }
    expect(subscriptionFromStripeEvent(event('customer.subscription.updated', twoItems))?.currentPeriodEnd).toEqual(new Date(1_801_440_000_000))
  })

  it('reads deleted as subscription_deleted', () => {
    const canceled = { ...subscriptionObject, status: 'canceled', canceled_at: 1_797_000_000, ended_at: 1_797_000_000 }
    expect(subscriptionFromStripeEvent(event('customer.subscription.deleted', canceled))).toEqual({ kind: 'subscription_deleted', ...SUBSCRIPTION, status: 'canceled' })
  })

  it('reads an expanded customer and keeps only string metadata', () => {
    const expanded = { ...subscriptionObject, customer: { id: 'cus_1Buyer', object: 'customer', email: 'ana@example.test' }, metadata: { project_id: 'prj_7', count: 3 } }
    const summary = subscriptionFromStripeEvent(event('customer.subscription.updated', expanded))
    expect(summary).toMatchObject({ customerId: 'cus_1Buyer', metadata: { project_id: 'prj_7' } })
    expect(JSON.stringify(summary)).not.toContain('ana@')
  })

  it('returns null for a subscription object without id or status', () => {
    expect(subscriptionFromStripeEvent(event('customer.subscription.updated', { ...subscriptionObject, id: undefined }))).toBeNull()
    expect(subscriptionStateFrom({ id: 'sub_1' })).toBeNull()
  })
})

describe('subscriptionFromStripeEvent for invoices', () => {
  it('finds the subscription and its metadata under parent.subscription_details, without personal data', () => {
    const summary = subscriptionFromStripeEvent(event('invoice.paid', invoiceObject))
    expect(summary).toEqual({
      kind: 'invoice_paid',
      subscriptionId: 'sub_1Flectar',
      customerId: 'cus_1Buyer',
      status: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: null,
      priceId: null,
      metadata: { project_id: 'prj_7', plan_id: 'plan_pro' },
      invoiceId: 'in_1First',
      amountPaidMinor: 1900,
      amountDueMinor: 1900,
      currency: 'eur',
    })
    expect(JSON.stringify(summary)).not.toMatch(/ana|García|Madrid|Mayor|hosted/i)
  })

  it('reads a failed payment with nothing paid', () => {
    expect(subscriptionFromStripeEvent(event('invoice.payment_failed', failedInvoiceObject))).toMatchObject({
      kind: 'invoice_payment_failed',
      subscriptionId: 'sub_1Flectar',
      invoiceId: 'in_2Renewal',
      amountPaidMinor: 0,
      amountDueMinor: 1900,
    })
  })

  it('returns null for invoices no subscription made, and ignores a legacy top-level subscription field', () => {
    expect(subscriptionFromStripeEvent(event('invoice.paid', manualInvoiceObject))).toBeNull()
    expect(subscriptionFromStripeEvent(event('invoice.paid', { ...manualInvoiceObject, subscription: 'sub_legacy' }))).toBeNull()
    const quote = { ...invoiceObject, parent: { type: 'quote_details', quote_details: { quote: 'qt_1' }, subscription_details: null } }
    expect(subscriptionFromStripeEvent(event('invoice.paid', quote))).toBeNull()
  })
})

describe('subscriptionFromStripeEvent for checkout and other events', () => {
  it('reads a subscription-mode checkout.session.completed', () => {
    const summary = subscriptionFromStripeEvent(event('checkout.session.completed', subscriptionCheckoutSession))
    expect(summary).toEqual({
      kind: 'checkout_completed',
      subscriptionId: 'sub_1Flectar',
      customerId: 'cus_1Buyer',
      status: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: null,
      priceId: null,
      metadata: { organisation_id: 'org_3' },
      invoiceId: 'in_1First',
      currency: 'eur',
      checkoutSessionId: 'cs_test_1Sub',
      clientReferenceId: 'org_3',
    })
    expect(JSON.stringify(summary)).not.toMatch(/ana|García|Madrid/i)
  })

  it('leaves payment-mode sessions to paymentFromStripeEvent', () => {
    const payment = { ...subscriptionCheckoutSession, mode: 'payment', subscription: null, payment_intent: 'pi_1' }
    expect(subscriptionFromStripeEvent(event('checkout.session.completed', payment))).toBeNull()
  })

  it('returns null for unrelated events', () => {
    expect(subscriptionFromStripeEvent(event('charge.refunded', { id: 'ch_1', object: 'charge' }))).toBeNull()
    expect(subscriptionFromStripeEvent(event('invoice.created', invoiceObject))).toBeNull()
    expect(subscriptionFromStripeEvent(event('customer.created', { id: 'cus_1', object: 'customer' }))).toBeNull()
  })
})

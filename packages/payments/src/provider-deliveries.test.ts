import { describe, expect, it } from 'vitest'
import { deliveryFromPayPal, deliveryFromRedsys, deliveryFromStripe } from './provider-deliveries'

const PROJECT = '11111111-1111-4111-8111-111111111111'
const stripe = (type: string, object: Record<string, unknown>) => ({ id: `evt_${type}`, type, created: 1, livemode: false, object })

describe('provider notifications as inbox deliveries', () => {
  it('reads a paid Checkout Session as paid, found by its session, in upper-case currency', () => {
    expect(deliveryFromStripe(PROJECT, stripe('checkout.session.completed', { id: 'cs_1', payment_status: 'paid', payment_intent: 'pi_1', amount_total: 1500, currency: 'eur', metadata: {} }))).toEqual({
      provider: 'stripe', eventId: 'evt_checkout.session.completed', projectId: PROJECT, checkoutId: 'cs_1',
      event: { type: 'paid', providerPaymentId: 'pi_1', amountMinor: 1500, currency: 'EUR' },
    })
  })

  it('finds refunds and disputes by the PaymentIntent, and reads an inquiry closed without loss as won', () => {
    expect(deliveryFromStripe(PROJECT, stripe('charge.refunded', { payment_intent: 'pi_1', amount: 1500, amount_refunded: 500, currency: 'eur', metadata: {} }))).toMatchObject({ checkoutId: 'pi_1', event: { type: 'refunded', totalRefundedMinor: 500 } })
    expect(deliveryFromStripe(PROJECT, stripe('charge.dispute.closed', { id: 'dp_1', payment_intent: 'pi_1', amount: 1500, currency: 'eur', status: 'warning_closed' }))).toMatchObject({ event: { type: 'dispute_closed', disputeId: 'dp_1', outcome: 'won' } })
    expect(deliveryFromStripe(PROJECT, stripe('charge.dispute.closed', { id: 'dp_1', payment_intent: 'pi_1', amount: 1500, currency: 'eur', status: 'lost' }))).toMatchObject({ event: { outcome: 'lost' } })
  })

  it('leaves out what changes no payment: an unpaid completion, unknown types, events with no reference', () => {
    expect(deliveryFromStripe(PROJECT, stripe('checkout.session.completed', { id: 'cs_2', payment_status: 'unpaid', metadata: {} }))).toBeUndefined()
    expect(deliveryFromStripe(PROJECT, stripe('customer.created', { id: 'cus_1' }))).toBeUndefined()
  })

  it('reads a Redsys authorisation as paid under one id per order, type and response', () => {
    const params = { Ds_Order: '1234ABCD', Ds_Response: '0000', Ds_TransactionType: '0', Ds_Amount: '1000', Ds_Currency: '978', Ds_MerchantCode: '999008881' }
    expect(deliveryFromRedsys(PROJECT, params)).toEqual({ provider: 'redsys', eventId: '1234ABCD:0:0000', projectId: PROJECT, checkoutId: '1234ABCD', event: { type: 'paid', providerPaymentId: '1234ABCD', amountMinor: 1000, currency: 'EUR' } })
    expect(deliveryFromRedsys(PROJECT, { ...params, Ds_Response: '9915' })).toMatchObject({ eventId: '1234ABCD:0:9915', event: { type: 'failed', reason: 'redsys_9915' } })
    // A currency we do not know never matches the payment's.
    expect(deliveryFromRedsys(PROJECT, { ...params, Ds_Currency: '392' })).toMatchObject({ event: { currency: 'XXX' } })
    expect(deliveryFromRedsys(PROJECT, { ...params, Ds_TransactionType: '3', Ds_Response: '0900' })).toBeUndefined()
    expect(deliveryFromRedsys(PROJECT, { ...params, Ds_Amount: '10.00' })).toBeUndefined()
  })

  it('reads a PayPal capture as paid under its order, and refunds and disputes under the capture', () => {
    const capture = { id: 'WH-1', event_type: 'PAYMENT.CAPTURE.COMPLETED', resource: { id: 'CAP-1', status: 'COMPLETED', amount: { currency_code: 'EUR', value: '10.50' }, supplementary_data: { related_ids: { order_id: 'ORD-1' } } } }
    expect(deliveryFromPayPal(PROJECT, capture)).toEqual({ provider: 'paypal', eventId: 'WH-1', projectId: PROJECT, checkoutId: 'ORD-1', event: { type: 'paid', providerPaymentId: 'CAP-1', amountMinor: 1050, currency: 'EUR' } })
    const refund = { id: 'WH-2', event_type: 'PAYMENT.CAPTURE.REFUNDED', resource: { id: 'REF-1', status: 'COMPLETED', amount: { currency_code: 'EUR', value: '5.00' }, seller_payable_breakdown: { total_refunded_amount: { currency_code: 'EUR', value: '7.00' } }, links: [{ rel: 'up', href: 'https://api.sandbox.paypal.com/v2/payments/captures/CAP-1' }] } }
    expect(deliveryFromPayPal(PROJECT, refund)).toMatchObject({ checkoutId: 'CAP-1', event: { type: 'refunded', totalRefundedMinor: 700 } })
    const resolved = (outcome: string) => ({ id: 'WH-3', event_type: 'CUSTOMER.DISPUTE.RESOLVED', resource: { dispute_id: 'PP-D-1', status: 'RESOLVED', disputed_transactions: [{ seller_transaction_id: 'CAP-1' }], dispute_outcome: { outcome_code: outcome } } })
    expect(deliveryFromPayPal(PROJECT, resolved('RESOLVED_SELLER_FAVOUR'))).toMatchObject({ checkoutId: 'CAP-1', event: { type: 'dispute_closed', outcome: 'won' } })
    expect(deliveryFromPayPal(PROJECT, resolved('RESOLVED_BUYER_FAVOUR'))).toMatchObject({ event: { outcome: 'lost' } })
    // Approval is ours to act on (capture), not a change of the payment.
    expect(deliveryFromPayPal(PROJECT, { id: 'WH-4', event_type: 'CHECKOUT.ORDER.APPROVED', resource: { id: 'ORD-1' } })).toBeUndefined()
    expect(deliveryFromPayPal(PROJECT, 'not an event')).toBeUndefined()
  })
})

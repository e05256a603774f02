import { describe, expect, it } from 'vitest'
import { VECTOR_RAW_BODY } from './fixtures/webhook-vector'
import { paymentFromPayPalEvent } from './payment-event'

function event(eventType: string, resource: Record<string, unknown>) {
  return { id: 'WH-1AB', event_version: '1.0', resource_type: 'x', event_type: eventType, resource }
}

const capture = {
  id: '2GG279541U471931P',
  status: 'COMPLETED',
  amount: { currency_code: 'EUR', value: '45.00' },
  custom_id: 'pay_123',
  invoice_id: 'pay_123',
  supplementary_data: { related_ids: { order_id: '5O190127TN364715T' } },
  payee: { email_address: 'merchant@example.com', merchant_id: 'M1' },
}

/** A dispute as PayPal describes it, with the buyer's personal data we must not copy. */
const dispute = {
  dispute_id: 'PP-D-27803',
  status: 'RESOLVED',
  reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
  dispute_amount: { currency_code: 'EUR', value: '45.00' },
  disputed_transactions: [{
    seller_transaction_id: '2GG279541U471931P',
    buyer_transaction_id: '4SA70474LV848461X',
    custom: 'pay_123',
    buyer: { name: 'Jane Buyer', email: 'jane@example.com', payer_id: 'BUYER1' },
  }],
  messages: [{ posted_by: 'BUYER', content: 'I never got my appointment, call me on +34 600 000 000' }],
  dispute_outcome: { outcome_code: 'RESOLVED_BUYER_FAVOUR', amount_refunded: { currency_code: 'EUR', value: '45.00' } },
}

describe('paymentFromPayPalEvent', () => {
  it('maps an approved order', () => {
    const order = { id: '5O190127TN364715T', status: 'APPROVED', purchase_units: [{ reference_id: 'bk_1', custom_id: 'pay_123', amount: { currency_code: 'JPY', value: '1050' } }], payer: { email_address: 'jane@example.com' } }
    expect(paymentFromPayPalEvent(event('CHECKOUT.ORDER.APPROVED', order))).toEqual({
      kind: 'approved', eventId: 'WH-1AB', eventType: 'CHECKOUT.ORDER.APPROVED', orderId: '5O190127TN364715T', paymentId: 'pay_123', status: 'APPROVED', amountMinor: 1050, currency: 'JPY',
    })
  })

  it('maps a completed capture to paid, with the order id from supplementary_data', () => {
    expect(paymentFromPayPalEvent(event('PAYMENT.CAPTURE.COMPLETED', capture))).toEqual({
      kind: 'paid', eventId: 'WH-1AB', eventType: 'PAYMENT.CAPTURE.COMPLETED', captureId: '2GG279541U471931P', orderId: '5O190127TN364715T', paymentId: 'pay_123', status: 'COMPLETED', amountMinor: 4500, currency: 'EUR',
    })
  })

  it('maps denied and declined captures to failed', () => {
    expect(paymentFromPayPalEvent(event('PAYMENT.CAPTURE.DENIED', { ...capture, status: 'DECLINED' }))).toMatchObject({ kind: 'failed', captureId: capture.id, paymentId: 'pay_123' })
    expect(paymentFromPayPalEvent(event('PAYMENT.CAPTURE.DECLINED', { ...capture, status: 'DECLINED' }))).toMatchObject({ kind: 'failed', status: 'DECLINED' })
  })

  it('maps a refund, finding the capture through its up link', () => {
    const refund = {
      id: '1JU08902781691411',
      status: 'COMPLETED',
      amount: { currency_code: 'EUR', value: '10.00' },
      custom_id: 'pay_123',
      seller_payable_breakdown: { total_refunded_amount: { currency_code: 'EUR', value: '15.50' } },
      links: [
        { rel: 'self', href: 'https://api.paypal.com/v2/payments/refunds/1JU08902781691411' },
        { rel: 'up', href: 'https://api.paypal.com/v2/payments/captures/2GG279541U471931P' },
      ],
    }
    expect(paymentFromPayPalEvent(event('PAYMENT.CAPTURE.REFUNDED', refund))).toEqual({
      kind: 'refunded', eventId: 'WH-1AB', eventType: 'PAYMENT.CAPTURE.REFUNDED', refundId: '1JU08902781691411', captureId: '2GG279541U471931P', paymentId: 'pay_123', status: 'COMPLETED', refundedMinor: 1000, totalRefundedMinor: 1550, currency: 'EUR',
    })
  })

  it('maps disputes opened and closed, without any of the buyer\'s data', () => {
    const opened = paymentFromPayPalEvent(event('CUSTOMER.DISPUTE.CREATED', { ...dispute, status: 'OPEN', dispute_outcome: undefined }))
    expect(opened).toEqual({ kind: 'dispute_opened', eventId: 'WH-1AB', eventType: 'CUSTOMER.DISPUTE.CREATED', disputeId: 'PP-D-27803', captureId: '2GG279541U471931P', paymentId: 'pay_123', status: 'OPEN', amountMinor: 4500, currency: 'EUR' })
    const closed = paymentFromPayPalEvent(event('CUSTOMER.DISPUTE.RESOLVED', dispute))
    expect(closed).toMatchObject({ kind: 'dispute_closed', disputeId: 'PP-D-27803', disputeOutcome: 'RESOLVED_BUYER_FAVOUR', status: 'RESOLVED' })
    for (const mapped of [opened, closed]) {
      expect(JSON.stringify(mapped)).not.toMatch(/Jane|jane@|\+34|BUYER1|4SA70474LV848461X|MERCHANDISE/)
    }
  })

  it('ignores other events (the v1 vector event too) and copies none of their payer data', () => {
    const mapped = paymentFromPayPalEvent(JSON.parse(VECTOR_RAW_BODY.toString('utf8')))
    expect(mapped).toEqual({ kind: 'ignored', eventId: 'WH-7MU294299R542214K-4N1831857K851783H', eventType: 'PAYMENTS.PAYMENT.CREATED' })
    expect(paymentFromPayPalEvent(event('PAYMENT.CAPTURE.PENDING', capture)).kind).toBe('ignored')
  })

  it('never throws on malformed events', () => {
    for (const input of [null, 'x', [], {}, { event_type: 'PAYMENT.CAPTURE.COMPLETED' }, event('PAYMENT.CAPTURE.COMPLETED', { amount: { value: 'lots', currency_code: 'EUR' } })]) {
      expect(() => paymentFromPayPalEvent(input)).not.toThrow()
    }
    expect(paymentFromPayPalEvent(event('PAYMENT.CAPTURE.COMPLETED', { id: 'C1', amount: { value: 'lots', currency_code: 'EUR' } }))).toEqual({
      kind: 'paid', eventId: 'WH-1AB', eventType: 'PAYMENT.CAPTURE.COMPLETED', captureId: 'C1',
    })
  })
})

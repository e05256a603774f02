import { randomUUID } from 'node:crypto'
import type { StripeCheckoutRequest } from '../checkout'

export const SUCCESS_URL = 'http://shop.test/bookings/b_42/paid?session={CHECKOUT_SESSION_ID}'
export const CANCEL_URL = 'http://shop.test/bookings/b_42/cancelled'

/** A typical deposit checkout for booking b_42, with a fresh payment id and idempotency key. */
export function bookingCheckoutRequest(overrides: Partial<StripeCheckoutRequest> = {}): StripeCheckoutRequest {
  const paymentId = `pay_${randomUUID()}`
  return {
    bookingId: 'b_42',
    paymentId,
    amountMinor: 5000,
    currency: 'EUR',
    description: 'Deposit — Haircut, 1 Nov 2026 10:00',
    successUrl: SUCCESS_URL,
    cancelUrl: CANCEL_URL,
    expiresAt: new Date(Date.now() + 2 * 60 * 60 * 1000),
    customerEmail: 'ana@example.test',
    idempotencyKey: `checkout-${paymentId}`,
    ...overrides,
  }
}

import { and, desc, eq } from 'drizzle-orm'
import { capturePayPalOrder, PayPalApiError } from '@flectar/paypal'
import { payments, type Db, type DbOrTx } from '@flectar/db'
import type { KeyRing } from '@flectar/security'
import type { ProviderEndpoints } from './checkout'
import type { PaymentStatus } from './payment-lifecycle'
import { payPalClientFor } from './provider-clients'
import { loadProviderCredentials } from './provider-settings'
import { recordWebhookDelivery } from './webhook-inbox'

/** What the customer's manage page shows of a booking's payment (P19: no provider ids). */
export interface BookingPaymentStatus {
  provider: string
  status: PaymentStatus
  amount: { amount: number, currency: string }
  paid: { amount: number, currency: string }
  refunded: { amount: number, currency: string }
  expiresAt: Date | null
}

/**
 * The payment that speaks for a booking: one that received money, else the latest started.
 * Two payments of one booking (two tabs) show as the one that counts, not the refunded twin.
 */
export async function bookingPaymentStatus(db: DbOrTx, bookingId: string): Promise<BookingPaymentStatus | undefined> {
  const rows = await db.select().from(payments).where(eq(payments.bookingId, bookingId)).orderBy(desc(payments.createdAt), desc(payments.id))
  const chosen = rows.find(row => row.paidMinor > 0 && row.refundedMinor < row.paidMinor) ?? rows.find(row => row.paidMinor > 0) ?? rows[0]
  if (!chosen) return undefined
  const money = (amount: number) => ({ amount, currency: chosen.currency })
  return { provider: chosen.provider, status: chosen.status as PaymentStatus, amount: money(chosen.amountMinor), paid: money(chosen.paidMinor), refunded: money(chosen.refundedMinor), expiresAt: chosen.expiresAt }
}

/**
 * The visitor is back from PayPal with `token` (the order id): the order is captured (PayPal
 * takes the money only then) and the capture is stored in the inbox like a webhook, so the job
 * applies it exactly once whether this return or PayPal's own PAYMENT.CAPTURE.COMPLETED comes
 * first. An order not approved, another site's, or one already paid changes nothing.
 * Returns whether a capture was recorded.
 */
export async function captureReturnedPayPalOrder(db: Db, keyRing: KeyRing, projectId: string, orderId: string, endpoints?: ProviderEndpoints): Promise<boolean> {
  if (!/^[A-Z0-9-]{1,64}$/i.test(orderId)) return false
  const [payment] = await db.select().from(payments)
    .where(and(eq(payments.projectId, projectId), eq(payments.provider, 'paypal'), eq(payments.checkoutId, orderId)))
  if (!payment || (payment.status !== 'pending' && payment.status !== 'created' && payment.status !== 'expired')) return false
  const credentials = await loadProviderCredentials(db, keyRing, projectId, 'paypal')
  if (!credentials) return false
  const client = payPalClientFor(credentials, endpoints)
  try {
    const captured = await capturePayPalOrder(client, orderId, `capture-${payment.id}`)
    if (captured.status !== 'COMPLETED' || captured.amountMinor === undefined || !captured.currency) return false
    await recordWebhookDelivery(db, {
      provider: 'paypal', eventId: `capture:${captured.captureId}`, projectId, checkoutId: orderId,
      event: { type: 'paid', providerPaymentId: captured.captureId, amountMinor: captured.amountMinor, currency: captured.currency.toUpperCase() },
    })
    return true
  }
  catch (error) {
    // Not approved (the visitor cancelled on PayPal) or PayPal down: the webhook or the
    // reconciliation job decides later; the page says the payment is not confirmed yet.
    if (error instanceof PayPalApiError) return false
    throw error
  }
}

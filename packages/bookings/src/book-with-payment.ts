import { and, eq } from 'drizzle-orm'
import { bookings, type Db } from '@flectar/db'
import { AppError } from '@flectar/errors'
import { offeredPaymentProviders, PaymentStartError, requireOfferedProvider, startBookingPayment, type BookingPaymentProvider, type ProviderEndpoints, type StartedPayment } from '@flectar/payments'
import type { KeyRing } from '@flectar/security'
import type { Project } from '@flectar/sites'
import type { BookingEnv } from './booking-env'
import { nextIcsSequence } from './booking-ics'
import { releaseCoupon } from './coupon-use'
import { createBooking, type CreatedBooking } from './create-booking'
import { quoteBooking } from './quote-booking'
import type { BookingRequest } from './schemas'

/** How long a slot is held for a payment online when nothing else is configured. */
export const DEFAULT_PAYMENT_HOLD_MINUTES = 15

export interface BookingPaymentEnv {
  keyRing: KeyRing
  /** The admin app's origin: the providers' webhooks go there. */
  adminUrl: string
  endpoints?: ProviderEndpoints
  holdMinutes?: number
}

export interface BookedWithPayment extends CreatedBooking {
  /** Present when the booking asks for money and the visitor chose how to pay. */
  payment?: StartedPayment
}

/**
 * A visitor's booking with its payment. A service that asks for a deposit or the full price, on
 * a site that takes payments, needs `provider`: online, the booking is held `pending_payment`
 * (default 15 minutes) and the answer says where to send the visitor; at the venue, the booking
 * stands at once and the payment waits to be marked paid. A site that takes no payments books as
 * before (the deposit is settled between the business and the customer).
 * When the provider cannot start the checkout, the hold is let go at once and the answer is a
 * 502: the visitor may try again, and no slot stays blocked for nothing.
 */
export async function bookWithPayment(db: Db, project: Project, input: BookingRequest, provider: BookingPaymentProvider | undefined, env: BookingEnv, payment: BookingPaymentEnv, source: 'site' | 'api'): Promise<BookedWithPayment> {
  // A subscription pays for it: no payment is started.
  if (env.coverBySubscription) return await createBooking(db, project, input, env, { source })
  const quote = await quoteBooking(db, project, { serviceId: input.serviceId, extras: input.extras, couponCode: input.couponCode }, env.now)
  const offered = quote.deposit > 0 ? await offeredPaymentProviders(db, project.id) : []
  if (offered.length === 0) return await createBooking(db, project, input, env, { source })
  const chosen = await requireOfferedProvider(db, project.id, provider)
  const online = chosen !== 'on_site'
  const created = await createBooking(db, project, input, env, { source, ...(online ? { paymentHoldMinutes: payment.holdMinutes ?? DEFAULT_PAYMENT_HOLD_MINUTES } : {}) })
  if (created.booking.depositAmount <= 0) return created
  try {
    const started = await startBookingPayment(db, created.booking, chosen, {
      keyRing: payment.keyRing, urls: { adminUrl: payment.adminUrl, returnUrl: created.manageUrl }, endpoints: payment.endpoints,
      customerEmail: input.customer.email ?? null, now: env.now,
    })
    return { ...created, payment: started }
  }
  catch (error) {
    if (!(error instanceof PaymentStartError)) throw error
    await releaseHold(db, created.booking.id)
    throw new AppError('upstream_failed', 'payment_provider_unavailable', `${labelOf(chosen)} did not answer. Nothing was booked or charged: please try again, or choose another way to pay.`)
  }
}

async function releaseHold(db: Db, bookingId: string) {
  await db.transaction(async (tx) => {
    const now = new Date()
    const rows = await tx.update(bookings).set({ status: 'cancelled', cancelReason: 'Payment could not be started', cancelledAt: now, updatedAt: now, icsSequence: nextIcsSequence() })
      .where(and(eq(bookings.id, bookingId), eq(bookings.status, 'pending_payment'))).returning({ id: bookings.id, couponId: bookings.couponId })
    for (const row of rows) await releaseCoupon(tx, row)
  })
}

const LABELS: Record<BookingPaymentProvider, string> = { stripe: 'Stripe', paypal: 'PayPal', redsys: 'The card payment service (Redsys)', on_site: 'Paying at the venue' }

function labelOf(provider: BookingPaymentProvider): string {
  return LABELS[provider]
}

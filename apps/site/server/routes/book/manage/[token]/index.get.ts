import { invoicesOfBooking } from '@flectar/invoices'
import { bookingPaymentStatus, captureReturnedPayPalOrder, offeredPaymentProviders, type BookingPaymentStatus } from '@flectar/payments'
import { formatSlotRange } from '../../../../booking/format'
import { html } from '../../../../booking/html'
import { openManageContext, sendInvalidLink, sendManagePage } from '../../../../booking/manage-pages'
import { manageView } from '../../../../booking/manage-view'
import { paymentPanel } from '../../../../booking/payment-view'

/** How long the page waits for a provider's confirmation when the visitor comes back from paying. */
const RETURN_WAIT_MS = 4000
const RETURN_POLL_MS = 250

/**
 * `/book/manage/<token>`: the customer's booking, with what they can still do (after a change,
 * `?done=moved|cancelled`), and its payment: back from a provider (`?payment=return|failed|cancelled`)
 * it says paid, waiting, failed (try again) or expired. Back from PayPal (`token` = the order)
 * the order is captured first. The provider's notification usually lands within a second, so a
 * return waits up to 4 s for it rather than showing "waiting" to someone who has paid.
 */
export default defineEventHandler(async (event) => {
  const context = await openManageContext(event)
  if ('invalid' in context) return sendInvalidLink(event, context)
  const { project, row } = context
  const query = getQuery(event)
  const result = typeof query.payment === 'string' ? query.payment : undefined
  const db = useDatabase().db
  let payment = await bookingPaymentStatus(db, row.id)
  let view = context
  if (result === 'return' && payment) {
    if (payment.provider === 'paypal' && typeof query.token === 'string') {
      const env = useBookingPaymentEnv()
      await captureReturnedPayPalOrder(db, env.keyRing, project.id, query.token, env.endpoints)
    }
    payment = await waitForConfirmation(row.id, payment)
    // The booking as the payment left it: confirmed, if that landed while waiting.
    const reopened = await openManageContext(event)
    if (!('invalid' in reopened)) view = reopened
  }
  const done = query.done
  const success = done === 'cancelled' && view.booking.status === 'cancelled'
    ? 'Your booking is cancelled.'
    : done === 'moved' ? `Your booking has moved to ${formatSlotRange(view.booking, view.booking.timeZone, project.defaultLocale)}.` : undefined
  const panel = payment && paymentPanel({
    bookingId: row.id,
    payment, bookingStatus: view.booking.status, timeZone: view.booking.timeZone, locale: project.defaultLocale, base: view.base, result,
    providers: view.booking.status === 'pending_payment' ? await offeredPaymentProviders(db, project.id) : [],
  })
  const invoices = await invoicesOfBooking(db, { orgId: project.orgId, projectId: project.id }, row.id)
  return sendManagePage(event, context, 'Your booking', manageView(project, view.booking, view.base, success, panel || html``, invoices))
})

async function waitForConfirmation(bookingId: string, payment: BookingPaymentStatus): Promise<BookingPaymentStatus> {
  const db = useDatabase().db
  const until = Date.now() + RETURN_WAIT_MS
  let current = payment
  while ((current.status === 'pending' || current.status === 'created') && Date.now() < until) {
    await new Promise(resolve => setTimeout(resolve, RETURN_POLL_MS))
    current = (await bookingPaymentStatus(db, bookingId)) ?? current
  }
  return current
}

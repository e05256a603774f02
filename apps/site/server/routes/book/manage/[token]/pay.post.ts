import { bookingPaymentChoiceSchema } from '@flectar/bookings/schemas'
import { AppError, parseInput } from '@flectar/errors'
import { PaymentStartError, requireOfferedProvider, startBookingPayment } from '@flectar/payments'
import { html } from '../../../../booking/html'
import { fieldOf, readPostedForm } from '../../../../booking/load-flow'
import { openManageContext, sendInvalidLink, sendManagePage } from '../../../../booking/manage-pages'
import { managePage } from '../../../../booking/manage-view'
import { continueToPayment, PROVIDER_LABELS } from '../../../../booking/payment-view'

/**
 * "Try again" on the manage page of a booking still held for its payment: a new checkout with
 * the provider chosen, then on to it (the first one, if it ever succeeds too, is refunded as a
 * duplicate). A hold that ran out, or a booking no longer waiting, goes back to the manage page.
 */
export default defineEventHandler(async (event) => {
  const form = await readPostedForm(event)
  const context = await openManageContext(event)
  if ('invalid' in context) return sendInvalidLink(event, context)
  const { project, row, base } = context
  const back = () => sendRedirect(event, base, 303)
  if (row.status !== 'pending_payment' || !row.holdExpiresAt || row.holdExpiresAt.getTime() <= Date.now() || row.depositAmount <= 0) return back()
  try {
    await enforceSiteRateLimit(event, 'api_book')
    const db = useDatabase().db
    const chosen = parseInput(bookingPaymentChoiceSchema, { payment: { provider: fieldOf(form, 'payment.provider') } }).payment?.provider
    const provider = await requireOfferedProvider(db, project.id, chosen)
    if (provider === 'on_site') return back()
    const env = useBookingPaymentEnv()
    const manageUrl = `${(await siteBookingEnv(event, project)).siteOrigin}${base}`
    const payment = await startBookingPayment(db, row, provider, { keyRing: env.keyRing, urls: { adminUrl: env.adminUrl, returnUrl: manageUrl }, endpoints: env.endpoints })
    const redirect = payment.redirect!
    if (redirect.method === 'GET' && !context.embed) return sendRedirect(event, redirect.url, 303)
    return sendManagePage(event, context, 'Pay to confirm', managePage(continueToPayment(redirect, payment.amount, project.defaultLocale, PROVIDER_LABELS[provider].label)))
  }
  catch (error) {
    const message = error instanceof PaymentStartError
      ? 'The payment service did not answer. Nothing was charged: please try again in a moment.'
      : error instanceof AppError ? (error.data.fields?.['payment.provider'] ?? error.message) : undefined
    if (!message) throw error
    return sendManagePage(event, context, 'Your booking', managePage(html`<p class="fb-notice fb-notice--error" role="alert" tabindex="-1" autofocus>${message}</p><p><a href="${base}">Back to your booking</a></p>`), error instanceof PaymentStartError ? 502 : 422)
  }
})

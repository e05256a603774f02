import { NotFoundError } from '@flectar/errors'
import { getPaymentTimeline } from '@flectar/payments'
import { isUuid } from '@flectar/validation'

/** One payment with its booking and every status change, oldest first; 404 outside the site. */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const paymentId = getRouterParam(event, 'paymentId')
  if (!isUuid(paymentId)) throw new NotFoundError('There is no such payment.', 'payment_not_found')
  return await getPaymentTimeline(db, scope, paymentId)
})

import { NotFoundError, parseInput } from '@flectar/errors'
import { refundPayment, refundPaymentSchema } from '@flectar/payments'
import { isUuid } from '@flectar/validation'

/**
 * Refunds all (`amount` left out) or part of a paid payment, with the owner's reason: 202 with
 * the refund, which the jobs send to the provider within seconds (a payment at the venue is
 * refunded at once). 409 when nothing is left to refund; 422 for more than is left. Audited.
 */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const paymentId = getRouterParam(event, 'paymentId')
  if (!isUuid(paymentId)) throw new NotFoundError('There is no such payment.', 'payment_not_found')
  const input = parseInput(refundPaymentSchema, (await readBody(event).catch(() => undefined)) ?? {})
  const { refund } = await refundPayment(db, scope, paymentId, input, actor, usePaymentHooks())
  setResponseStatus(event, 202)
  return { id: refund.id, status: refund.status, amount: { amount: refund.amountMinor, currency: refund.currency }, reason: refund.note, createdAt: refund.createdAt }
})

import { NotFoundError, parseInput } from '@flectar/errors'
import { markPaidAtVenue, paidAtVenueSchema } from '@flectar/payments'
import { isUuid } from '@flectar/validation'

/** Marks a payment at the venue as paid (`{ "method": "cash" | "card" }`); 409 unless it is still due. Audited. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const paymentId = getRouterParam(event, 'paymentId')
  if (!isUuid(paymentId)) throw new NotFoundError('There is no such payment.', 'payment_not_found')
  const input = parseInput(paidAtVenueSchema, (await readBody(event).catch(() => undefined)) ?? {})
  return await markPaidAtVenue(db, scope, paymentId, input, actor, usePaymentHooks())
})

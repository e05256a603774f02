import { quoteBooking } from '@flectar/bookings'
import { AppError } from '@flectar/errors'
import { draftOf, goToStep, sendSummaryStep, startedFlow, type ServiceContext } from '../../booking/flow-pages'
import { slotOf } from '../../booking/slot-of'

/** `/book/summary?…&d=…[&coupon=…]`: what is about to be booked, priced (with the coupon, when one is given). */
export default defineEventHandler(async (event) => {
  const flow = await startedFlow(event, getQuery(event))
  if ('answer' in flow) return flow.answer
  const withService: ServiceContext = flow
  const { service, state, project } = flow
  const draft = draftOf(flow)
  if (!draft) return goToStep(event, 'details', { ...flow, state: { ...state, draft: undefined } })
  let quote: Awaited<ReturnType<typeof quoteBooking>> | undefined
  let couponError: string | undefined
  if (state.coupon) {
    await enforceSiteRateLimit(event, 'api_read')
    try {
      quote = await quoteBooking(useDatabase().db, project, { serviceId: service.id, extras: state.extras, couponCode: state.coupon })
    }
    catch (error) {
      if (!(error instanceof AppError) || error.kind !== 'invalid') throw error
      couponError = error.data.fields?.couponCode ?? error.message
    }
  }
  return sendSummaryStep(event, withService, { slot: slotOf(withService), draft, quote, couponError }, undefined, couponError ? 422 : 200)
})

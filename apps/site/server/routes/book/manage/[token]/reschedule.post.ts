import { rescheduleByToken, rescheduleSchema } from '@flectar/bookings'
import { AppError, parseInput } from '@flectar/errors'
import { readPostedForm } from '../../../../booking/load-flow'
import { manageFailure, openManageContext, sendInvalidLink } from '../../../../booking/manage-pages'
import type { Slot } from '../../../../booking/picker'
import { sendReschedule } from '../../../../booking/reschedule-page'
import { readFlowState } from '../../../../booking/state'

/** Moves the booking to the chosen start, as the public API does; a time taken meanwhile shows the nearest free ones (409). */
export default defineEventHandler(async (event) => {
  const form = await readPostedForm(event)
  const context = await openManageContext(event)
  if ('invalid' in context) return sendInvalidLink(event, context)
  const state = readFlowState(form.fields)
  if (!state.start) return await sendReschedule(event, context, state, { message: 'Choose a day and a time first.' }, 422)
  try {
    await enforceSiteRateLimit(event, 'api_manage')
    await rescheduleByToken(useDatabase().db, context.token, parseInput(rescheduleSchema, { start: state.start }), await siteBookingEnv(event, context.project), context.project.slug)
    return sendRedirect(event, `${context.base}?done=moved`, 303)
  }
  catch (error) {
    if (error instanceof AppError && error.code === 'slot_unavailable') {
      return await sendReschedule(event, context, { ...state, start: undefined }, { message: 'Sorry, that time was just taken.', alternatives: (error.data.alternatives ?? []) as Slot[] }, 409)
    }
    const failure = manageFailure(error)
    if (!failure) throw error
    return await sendReschedule(event, context, { ...state, start: undefined }, { message: failure }, error instanceof AppError ? error.statusCode : 422)
  }
})

import { cancelByToken, cancelSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'
import { fieldOf, readPostedForm } from '../../../../booking/load-flow'
import { manageFailure, openManageContext, sendInvalidLink, sendManagePage } from '../../../../booking/manage-pages'
import { cancelView } from '../../../../booking/manage-view'

/** Cancels from the manage link, as the public API does, then shows the booking (POST, redirect, GET). */
export default defineEventHandler(async (event) => {
  const form = await readPostedForm(event)
  const context = await openManageContext(event)
  if ('invalid' in context) return sendInvalidLink(event, context)
  const { project, token, booking, base } = context
  try {
    await enforceSiteRateLimit(event, 'api_manage')
    const reason = fieldOf(form, 'reason').trim()
    await cancelByToken(useDatabase().db, token, parseInput(cancelSchema, reason ? { reason } : {}), await siteBookingEnv(event, project), project.slug)
    return sendRedirect(event, `${base}?done=cancelled`, 303)
  }
  catch (error) {
    const failure = manageFailure(error)
    if (!failure) throw error
    return sendManagePage(event, context, 'Cancel your booking', cancelView(project, booking, base, failure), 422)
  }
})

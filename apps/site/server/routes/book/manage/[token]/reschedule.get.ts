import { sendReschedule } from '../../../../booking/reschedule-page'
import { openManageContext, sendInvalidLink } from '../../../../booking/manage-pages'
import { isChangeable } from '../../../../booking/manage-view'
import { readFlowState } from '../../../../booking/state'

/** `/book/manage/<token>/reschedule?tz&month|date`: free times to move the booking to. */
export default defineEventHandler(async (event) => {
  const context = await openManageContext(event)
  if ('invalid' in context) return sendInvalidLink(event, context)
  if (!isChangeable(context.booking)) return sendRedirect(event, context.base, 303)
  await enforceSiteRateLimit(event, 'api_read')
  return await sendReschedule(event, context, readFlowState(getQuery(event)))
})

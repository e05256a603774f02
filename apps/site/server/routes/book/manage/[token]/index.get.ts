import { formatSlotRange } from '../../../../booking/format'
import { openManageContext, sendInvalidLink, sendManagePage } from '../../../../booking/manage-pages'
import { manageView } from '../../../../booking/manage-view'

/** `/book/manage/<token>`: the customer's booking, with what they can still do (after a change, `?done=moved|cancelled`). */
export default defineEventHandler(async (event) => {
  const context = await openManageContext(event)
  if ('invalid' in context) return sendInvalidLink(event, context)
  const { booking, project } = context
  const done = getQuery(event).done
  const success = done === 'cancelled' && booking.status === 'cancelled'
    ? 'Your booking is cancelled.'
    : done === 'moved' ? `Your booking has moved to ${formatSlotRange(booking, booking.timeZone, project.defaultLocale)}.` : undefined
  return sendManagePage(event, context, 'Your booking', manageView(project, booking, context.base, success))
})

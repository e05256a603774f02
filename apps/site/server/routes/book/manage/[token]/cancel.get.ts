import { openManageContext, sendInvalidLink, sendManagePage } from '../../../../booking/manage-pages'
import { cancelView, isChangeable } from '../../../../booking/manage-view'

/** `/book/manage/<token>/cancel`: asks before cancelling, with an optional reason. */
export default defineEventHandler(async (event) => {
  const context = await openManageContext(event)
  if ('invalid' in context) return sendInvalidLink(event, context)
  if (!isChangeable(context.booking)) return sendRedirect(event, context.base, 303)
  return sendManagePage(event, context, 'Cancel your booking', cancelView(context.project, context.booking, context.base))
})

import { loadFlow } from '../../booking/load-flow'
import { goToStep, sendServiceStep } from '../../booking/flow-pages'
import { nextStep } from '../../booking/flow-page'

/** `/book`: choose a service. A link naming one (`?service=`, the embed's `data-service`) goes on to its next step. */
export default defineEventHandler(async (event) => {
  const query = getQuery(event)
  const context = await loadFlow(event, query)
  if (context.service) return goToStep(event, nextStep(context.service, 'service'), context)
  const notice = query.service ? 'The service in this link is not available any more; please choose another.' : undefined
  return sendServiceStep(event, context, notice)
})

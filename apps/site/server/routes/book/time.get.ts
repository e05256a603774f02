import { loadFlow } from '../../booking/load-flow'
import { goToStep, sendTimeStep } from '../../booking/flow-pages'

/** `/book/time?service=…&extras=…&tz=…&month|date=…`: a month of free times in the visitor's zone. */
export default defineEventHandler(async (event) => {
  const context = await loadFlow(event, getQuery(event))
  const { service } = context
  if (!service) return goToStep(event, 'service', context)
  await enforceSiteRateLimit(event, 'api_read')
  return await sendTimeStep(event, { ...context, service })
})

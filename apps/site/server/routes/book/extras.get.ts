import { loadFlow } from '../../booking/load-flow'
import { goToStep, sendExtrasStep } from '../../booking/flow-pages'

/** `/book/extras?service=…`: the service's optional add-ons. */
export default defineEventHandler(async (event) => {
  const context = await loadFlow(event, getQuery(event))
  const { service } = context
  if (!service) return goToStep(event, 'service', context)
  if (!service.extras.length) return goToStep(event, 'time', context)
  return sendExtrasStep(event, { ...context, service })
})

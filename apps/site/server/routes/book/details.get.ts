import { draftOf, EMPTY_DRAFT, sendDetailsStep, startedFlow } from '../../booking/flow-pages'

/** `/book/details?…&start=…`: name, email, phone and the service's questions (prefilled from `d` when coming back). */
export default defineEventHandler(async (event) => {
  const flow = await startedFlow(event, getQuery(event))
  if ('answer' in flow) return flow.answer
  return await sendDetailsStep(event, flow, draftOf(flow) ?? EMPTY_DRAFT)
})

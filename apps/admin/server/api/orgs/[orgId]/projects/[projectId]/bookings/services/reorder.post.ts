import { reorderServices, serviceOrderSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(serviceOrderSchema, await readBody(event))
  return { data: await reorderServices(useDatabase().db, scope, input) }
})

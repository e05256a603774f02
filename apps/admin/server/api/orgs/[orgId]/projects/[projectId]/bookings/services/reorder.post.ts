import { reorderServices, serviceOrderSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(serviceOrderSchema, await readBody(event))
  return { data: await reorderServices(db, scope, input, actor) }
})

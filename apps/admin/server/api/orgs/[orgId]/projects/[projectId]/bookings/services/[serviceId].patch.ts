import { updateService, serviceUpdateSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const changes = parseInput(serviceUpdateSchema, await readBody(event))
  return await updateService(db, scope, getRouterParam(event, 'serviceId') ?? '', changes, actor)
})

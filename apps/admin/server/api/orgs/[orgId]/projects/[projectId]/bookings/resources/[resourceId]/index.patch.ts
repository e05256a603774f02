import { updateResource, resourceUpdateSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const changes = parseInput(resourceUpdateSchema, await readBody(event))
  return await updateResource(useDatabase().db, scope, getRouterParam(event, 'resourceId') ?? '', changes)
})

import { updateResource, resourceUpdateSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const changes = parseInput(resourceUpdateSchema, await readBody(event))
  return await updateResource(db, scope, getRouterParam(event, 'resourceId') ?? '', changes, actor)
})

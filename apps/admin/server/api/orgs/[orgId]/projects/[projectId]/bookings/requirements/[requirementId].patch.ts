import { updateRequirement, requirementUpdateSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const changes = parseInput(requirementUpdateSchema, await readBody(event))
  return await updateRequirement(db, scope, getRouterParam(event, 'requirementId') ?? '', changes, actor)
})

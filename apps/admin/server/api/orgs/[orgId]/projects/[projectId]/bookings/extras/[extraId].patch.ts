import { updateExtra, extraUpdateSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const changes = parseInput(extraUpdateSchema, await readBody(event))
  return await updateExtra(db, scope, getRouterParam(event, 'extraId') ?? '', changes, actor)
})

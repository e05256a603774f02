import { updateExtra, extraUpdateSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const changes = parseInput(extraUpdateSchema, await readBody(event))
  return await updateExtra(useDatabase().db, scope, getRouterParam(event, 'extraId') ?? '', changes)
})

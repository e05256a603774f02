import { dateOverrideSchema, upsertDateOverride } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

/** Sets the hours of one date (no intervals: closed), replacing what the date had. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(dateOverrideSchema, await readBody(event))
  return await upsertDateOverride(db, scope, getRouterParam(event, 'resourceId') ?? '', getRouterParam(event, 'date') ?? '', input, actor)
})

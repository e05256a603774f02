import { apiKeySchema, createApiKey } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

/** 201 with the key in `key`: the only time it is ever shown (P14). */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const input = parseInput(apiKeySchema, await readBody(event))
  const created = await createApiKey(db, scope, input, actor)
  setResponseHeader(event, 'cache-control', 'no-store')
  setResponseStatus(event, 201)
  return created
})

import { createRedirect, redirectSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(redirectSchema, await readBody(event))
  const redirect = await createRedirect(db, scope, input, actor)
  setResponseStatus(event, 201)
  return redirect
})

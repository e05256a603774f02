import { createRedirect, notifySiteChanged, redirectSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(redirectSchema, await readBody(event))
  const { db } = useDatabase()
  const redirect = await createRedirect(db, scope, input)
  await notifySiteChanged(db, scope.projectId)
  setResponseStatus(event, 201)
  return redirect
})

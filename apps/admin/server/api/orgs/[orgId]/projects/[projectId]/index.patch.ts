import { updateProject, updateProjectSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const changes = parseInput(updateProjectSchema, await readBody(event))
  return await updateProject(db, scope, changes, actor)
})

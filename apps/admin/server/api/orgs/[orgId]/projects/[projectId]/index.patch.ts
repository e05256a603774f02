import { notifySiteChanged, updateProject, updateProjectSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'admin')
  const changes = parseInput(updateProjectSchema, await readBody(event))
  const { db } = useDatabase()
  const project = await updateProject(db, scope, changes)
  await notifySiteChanged(db, project.id)
  return project
})

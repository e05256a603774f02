import { createProject, createProjectSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { org, actor } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  const input = parseInput(createProjectSchema, await readBody(event))
  const project = await createProject(useDatabase().db, org.id, input, actor)
  setResponseStatus(event, 201)
  return project
})

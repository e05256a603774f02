import { recordAuditEvent } from '@flectar/accounts'
import { createProject, createProjectSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { org, user } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  const input = parseInput(createProjectSchema, await readBody(event))
  const { db } = useDatabase()
  const project = await createProject(db, org.id, input)
  await recordAuditEvent(db, getRequestContext(event), { action: 'project.created', orgId: org.id, actorUserId: user.id, targetType: 'project', targetId: project.id, metadata: { slug: project.slug, template: project.templateKey } })
  setResponseStatus(event, 201)
  return project
})

import { parseInput } from '@flectar/errors'
import { inboxQuerySchema, listInbox } from '@flectar/messaging'
import { requireProject } from '@flectar/sites'

// Every site's conversations of the org, or one site's (`projectId`, a 404 when not the org's): any member may read them.
export default defineEventHandler(async (event) => {
  const { db } = useDatabase()
  const member = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'viewer')
  const query = parseInput(inboxQuerySchema, getQuery(event))
  if (query.projectId) await requireProject(db, { orgId: member.org.id, projectId: query.projectId })
  return await listInbox(db, member.org.id, member.user.id, query)
})

import { listProjects } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'viewer')
  return { data: await listProjects(useDatabase().db, org.id) }
})

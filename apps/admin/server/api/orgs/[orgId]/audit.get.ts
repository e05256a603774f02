import { auditQuerySchema, listAuditEvents } from '@flectar/accounts'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  const filters = parseInput(auditQuerySchema, getQuery(event))
  return { data: await listAuditEvents(useDatabase().db, org.id, filters) }
})

import { z } from 'zod'
import { listAuditEvents } from '@flectar/accounts'
import { parseInput } from '@flectar/errors'

const querySchema = z.object({
  action: z.string().max(100).optional(),
  actorUserId: z.uuid('Choose a member from the list').optional(),
  from: z.coerce.date({ error: 'Enter a valid date' }).optional(),
  to: z.coerce.date({ error: 'Enter a valid date' }).optional(),
  before: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
})

export default defineEventHandler(async (event) => {
  const { org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  const filters = parseInput(querySchema, getQuery(event))
  return { data: await listAuditEvents(useDatabase().db, org.id, filters) }
})

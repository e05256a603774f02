import { recordAuditEvent } from '@flectar/accounts'
import { apiKeySchema, createApiKey } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

/** 201 with the key in `key`: the only time it is ever shown (P14). */
export default defineEventHandler(async (event) => {
  const { scope, user } = await requireProjectAccess(event, 'admin')
  const input = parseInput(apiKeySchema, await readBody(event))
  const { db } = useDatabase()
  const created = await createApiKey(db, scope, input, user.id)
  await recordAuditEvent(db, getRequestContext(event), { action: 'api_key.created', orgId: scope.orgId, actorUserId: user.id, targetType: 'api_key', targetId: created.id, metadata: { projectId: scope.projectId, prefix: created.prefix, scopes: created.scopes } })
  setResponseHeader(event, 'cache-control', 'no-store')
  setResponseStatus(event, 201)
  return created
})

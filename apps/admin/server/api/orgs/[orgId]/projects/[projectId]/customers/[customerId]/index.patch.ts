import { recordAuditEvent } from '@flectar/accounts'
import { updateCustomer, updateCustomerSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, user } = await requireProjectAccess(event, 'editor')
  const customerId = requireIdParam(event, 'customerId')
  const input = parseInput(updateCustomerSchema, await readBody(event))
  const customer = await updateCustomer(db, scope, customerId, input)
  await recordAuditEvent(db, getRequestContext(event), { action: 'customer.updated', orgId: scope.orgId, actorUserId: user.id, targetType: 'customer', targetId: customer.id, metadata: { fields: Object.keys(input) } })
  return customer
})

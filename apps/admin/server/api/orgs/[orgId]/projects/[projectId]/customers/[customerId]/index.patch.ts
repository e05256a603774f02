import { updateCustomer, updateCustomerSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const customerId = requireIdParam(event, 'customerId')
  const input = parseInput(updateCustomerSchema, await readBody(event))
  return await updateCustomer(db, scope, customerId, input, actor)
})

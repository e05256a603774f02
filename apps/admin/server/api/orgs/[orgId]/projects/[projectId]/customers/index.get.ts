import { listCustomers, listCustomersQuerySchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const query = parseInput(listCustomersQuerySchema, getQuery(event))
  return { data: await listCustomers(db, scope, query) }
})

import { parseInput } from '@flectar/errors'
import { listPayments, listPaymentsQuerySchema } from '@flectar/payments'

/** The site's payments, newest first, a page at a time (`status`, `provider`, `bookingId`, `from`, `to`, `page`, `pageSize`). */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const query = parseInput(listPaymentsQuerySchema, getQuery(event))
  return await listPayments(db, scope, query)
})

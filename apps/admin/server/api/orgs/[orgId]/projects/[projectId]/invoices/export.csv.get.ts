import { parseInput } from '@flectar/errors'
import { periodCsv } from '@flectar/invoices'

/** A period's invoices and credit notes as CSV, one row per invoice and tax rate (`from`, `to`, dates of issue). */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const { from, to } = parseInput(invoicePeriodSchema, getQuery(event))
  setResponseHeaders(event, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="invoices-${from}-${to}.csv"`,
    'cache-control': 'private, no-store',
  })
  return await periodCsv(db, scope, from, to)
})

import { parseInput } from '@flectar/errors'
import { invoiceListQuerySchema, listInvoices } from '@flectar/invoices'

/** The site's invoices and credit notes, drafts first then newest (`status`, `kind`, `q`, `from`, `to`, `limit`, `offset`). */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return await listInvoices(db, scope, parseInput(invoiceListQuerySchema, getQuery(event)))
})

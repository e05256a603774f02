import { getInvoice } from '@flectar/invoices'

/** One invoice with its lines, payments, credit notes and VeriFactu records; 404 outside the site. */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return await getInvoice(db, scope, invoiceIdParam(event))
})

import { customerDeletionOfInvoice } from '@flectar/bookings'
import { getInvoice } from '@flectar/invoices'

/**
 * One invoice with its lines, payments, credit notes and VeriFactu records; 404 outside the site.
 * `customerDeletedAt`: when its customer was deleted (the invoice keeps its copy, under legal hold).
 */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const invoice = await getInvoice(db, scope, invoiceIdParam(event))
  const deletion = invoice.customerId ? null : await customerDeletionOfInvoice(db, scope, invoice.id)
  return { ...invoice, customerDeletedAt: deletion?.deletedAt ?? null }
})

import { ConflictError } from '@flectar/errors'
import { getInvoice, invoiceFileName } from '@flectar/invoices'

/** The issued invoice as a PDF download (`?inline=1` to show it in the browser); 409 for a draft. */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const invoice = await getInvoice(db, scope, invoiceIdParam(event))
  if (!invoice.number) throw new ConflictError('A draft has no PDF yet: issue it first.', 'invoice_not_issued')
  const pdf = await renderProjectInvoicePdf(db, scope, invoice)
  const disposition = getQuery(event).inline === '1' ? 'inline' : 'attachment'
  setResponseHeaders(event, {
    'content-type': 'application/pdf',
    'content-disposition': `${disposition}; filename="${invoiceFileName(invoice.number, 'pdf')}"`,
    'cache-control': 'private, no-store',
  })
  return pdf
})

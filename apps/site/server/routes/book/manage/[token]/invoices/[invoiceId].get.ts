import { getInvoice, invoiceFileName, projectInvoicePdf } from '@flectar/invoices'
import { isUuid } from '@flectar/validation'
import { openManageContext, sendInvalidLink } from '../../../../../booking/manage-pages'

/**
 * `/book/manage/<token>/invoices/<id>`: an invoice or credit note of this booking as a PDF, for
 * the customer. The manage link is the key: another booking's invoice is a 404, like a bad link.
 */
export default defineEventHandler(async (event) => {
  const context = await openManageContext(event)
  if ('invalid' in context) return sendInvalidLink(event, context)
  const id = getRouterParam(event, 'invoiceId')
  const db = useDatabase().db
  const scope = { orgId: context.project.orgId, projectId: context.project.id }
  const invoice = isUuid(id) ? await getInvoice(db, scope, id).catch(() => null) : null
  if (!invoice?.number || invoice.bookingId !== context.row.id || invoice.status === 'void') {
    return sendInvalidLink(event, { ...context, embed: false })
  }
  const pdf = await projectInvoicePdf(db, scope, invoice, useFileStorage())
  setResponseHeaders(event, {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="${invoiceFileName(invoice.number, 'pdf')}"`,
    'cache-control': 'private, no-store',
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
  })
  return pdf
})

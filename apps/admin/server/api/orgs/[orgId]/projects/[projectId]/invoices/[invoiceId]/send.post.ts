import { ConflictError } from '@flectar/errors'
import { getInvoice, sendInvoiceEmail } from '@flectar/invoices'
import { auditProjectChange } from '@flectar/sites'

/** Emails the issued invoice to its customer with the PDF attached: 202; 409 when it has no email address. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const id = invoiceIdParam(event)
  await db.transaction(async (tx) => {
    if (!await sendInvoiceEmail(tx, scope, id, { storage: useFileStorage() })) throw new ConflictError('This invoice has no customer email address to send it to.', 'invoice_has_no_email')
    await auditProjectChange(tx, actor, scope, { action: 'invoice.sent', targetType: 'invoice', targetId: id, metadata: {} })
  })
  setResponseStatus(event, 202)
  return await getInvoice(db, scope, id)
})

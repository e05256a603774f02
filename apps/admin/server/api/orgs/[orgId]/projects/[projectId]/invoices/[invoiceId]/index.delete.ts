import { deleteInvoiceDraft } from '@flectar/invoices'

/** Deletes a draft (204); an issued invoice is kept for good (409). */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  await deleteInvoiceDraft(db, scope, invoiceIdParam(event), actor)
  setResponseStatus(event, 204)
  return null
})

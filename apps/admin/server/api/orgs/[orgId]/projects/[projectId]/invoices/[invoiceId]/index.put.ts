import { parseInput } from '@flectar/errors'
import { getInvoice, invoiceDraftSchema, updateInvoiceDraft } from '@flectar/invoices'

/** Replaces a draft whole; 409 once it is issued (correct it with a credit note). */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const id = invoiceIdParam(event)
  const input = parseInput(invoiceDraftSchema, await readBody(event).catch(() => undefined))
  await updateInvoiceDraft(db, scope, id, input, actor)
  return await getInvoice(db, scope, id)
})

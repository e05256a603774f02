import { parseInput } from '@flectar/errors'
import { getInvoice, invoiceDraftSchema, saveInvoiceDraft } from '@flectar/invoices'

/** A manual invoice's draft: 201 with it; 409 until invoicing is set up. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const input = parseInput(invoiceDraftSchema, await readBody(event).catch(() => undefined))
  const draft = await saveInvoiceDraft(db, scope, input, actor)
  setResponseStatus(event, 201)
  return await getInvoice(db, scope, draft.id)
})

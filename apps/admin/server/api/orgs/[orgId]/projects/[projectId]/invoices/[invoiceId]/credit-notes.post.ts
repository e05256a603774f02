import { parseInput } from '@flectar/errors'
import { createCreditNote, creditNoteSchema, getInvoice } from '@flectar/invoices'

/** Issues a credit note correcting the invoice (all that is left, or the lines given): 201 with the credit note. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const input = parseInput(creditNoteSchema, await readBody(event).catch(() => undefined))
  const note = await createCreditNote(db, scope, invoiceIdParam(event), input, actor)
  setResponseStatus(event, 201)
  return await getInvoice(db, scope, note.id)
})

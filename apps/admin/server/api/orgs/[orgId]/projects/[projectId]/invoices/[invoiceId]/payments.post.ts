import { parseInput } from '@flectar/errors'
import { getInvoice, recordInvoicePayment, recordInvoicePaymentSchema } from '@flectar/invoices'

/** Records money received (cash, card, transfer): 201; 422 for more than is due, 409 when nothing is. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const id = invoiceIdParam(event)
  const input = parseInput(recordInvoicePaymentSchema, await readBody(event).catch(() => undefined))
  await recordInvoicePayment(db, scope, id, input, actor)
  setResponseStatus(event, 201)
  return await getInvoice(db, scope, id)
})

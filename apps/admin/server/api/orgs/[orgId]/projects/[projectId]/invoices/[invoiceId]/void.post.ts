import { parseInput } from '@flectar/errors'
import { getInvoice, voidInvoice, voidInvoiceSchema } from '@flectar/invoices'

/** Voids an invoice issued in error (nothing paid or credited): it keeps its number. 409 otherwise. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const id = invoiceIdParam(event)
  const input = parseInput(voidInvoiceSchema, await readBody(event).catch(() => undefined))
  await voidInvoice(db, scope, id, input.reason, actor)
  return await getInvoice(db, scope, id)
})

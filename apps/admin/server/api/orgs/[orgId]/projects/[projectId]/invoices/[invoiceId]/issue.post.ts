import { parseInput } from '@flectar/errors'
import { getInvoice, issueInvoice, issueInvoiceSchema } from '@flectar/invoices'

/** Issues a draft: it takes the next number of its series (today, or `issueDate`). 409 if issued already or dated before the series' last. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const id = invoiceIdParam(event)
  const input = parseInput(issueInvoiceSchema, (await readBody(event).catch(() => undefined)) ?? {})
  await issueInvoice(db, scope, id, input, actor)
  return await getInvoice(db, scope, id)
})

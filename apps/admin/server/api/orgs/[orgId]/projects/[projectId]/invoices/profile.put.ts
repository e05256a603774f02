import { parseInput } from '@flectar/errors'
import { invoiceProfileSchema, saveInvoiceProfile } from '@flectar/invoices'

/** Creates or replaces the invoicing profile and its two series (admin). Audited. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const input = parseInput(invoiceProfileSchema, await readBody(event).catch(() => undefined))
  return { profile: await saveInvoiceProfile(db, scope, input, actor) }
})

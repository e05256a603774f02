import { findInvoiceProfile } from '@flectar/invoices'

/** The site's invoicing profile and series; `{ profile: null }` until the owner sets it up. */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return { profile: await findInvoiceProfile(db, scope) }
})

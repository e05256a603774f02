import { countCustomerInvoices, getCustomer, legalHoldNote } from '@flectar/bookings'

// A customer with their booking history, newest first, and the invoices a deletion would keep.
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const customerId = requireIdParam(event, 'customerId')
  const customer = await getCustomer(db, scope, customerId)
  const keptInvoices = await countCustomerInvoices(db, scope, customer.id)
  return { ...customer, keptInvoices, legalHold: legalHoldNote(keptInvoices) }
})

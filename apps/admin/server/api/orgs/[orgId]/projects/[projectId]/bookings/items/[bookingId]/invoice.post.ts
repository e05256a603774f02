import { NotFoundError } from '@flectar/errors'
import { getInvoice, invoiceBooking } from '@flectar/invoices'
import { isUuid } from '@flectar/validation'

/** "Create invoice" on a booking: each paid payment invoiced once (or the price, unpaid): 201 with the invoices. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const bookingId = getRouterParam(event, 'bookingId')
  if (!isUuid(bookingId)) throw new NotFoundError('There is no such booking.', 'booking_not_found')
  const made = await invoiceBooking(db, scope, bookingId, actor)
  setResponseStatus(event, 201)
  return { invoices: await Promise.all(made.map(invoice => getInvoice(db, scope, invoice.id))) }
})

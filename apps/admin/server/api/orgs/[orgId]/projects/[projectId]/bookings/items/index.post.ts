import { createBooking } from '@flectar/bookings'

// A booking taken by staff (e.g. on the phone): a phone or an email identifies the customer.
export default defineEventHandler(async (event) => {
  const { db, project, actor } = await requireProjectAccess(event, 'editor')
  const { booking, manageUrl } = await createBooking(db, project, await readBody(event), bookingEnvOf(project), { source: 'admin', actor })
  setResponseStatus(event, 201)
  return { ...booking, manageUrl }
})

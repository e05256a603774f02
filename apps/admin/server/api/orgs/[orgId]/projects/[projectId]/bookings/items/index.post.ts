import { planGuard } from '@flectar/billing'
import { adminCreateBookingSchema, createBooking } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

// A booking taken by staff (e.g. on the phone): a phone or an email identifies the customer.
export default defineEventHandler(async (event) => {
  const { db, project, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(adminCreateBookingSchema, await readBody(event))
  const { booking, manageUrl } = await createBooking(db, project, input, {
    ...bookingEnvOf(project),
    withinPlan: planGuard(useBillingConfig(), project.orgId, { limit: 'bookingsPerMonth' }),
  }, { source: 'admin', actor })
  setResponseStatus(event, 201)
  return { ...booking, manageUrl }
})

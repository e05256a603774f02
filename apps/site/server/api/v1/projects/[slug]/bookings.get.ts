import { apiBookingsQuerySchema, listBookings } from '@flectar/bookings'
import { formatInZone } from '@flectar/time'
import { UnauthorizedError, parseInput } from '@flectar/errors'

/** `GET /api/v1/projects/{slug}/bookings` (API key with `bookings:read`): bookings in a time range. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  const apiKey = await apiKeyOf(event, project, 'bookings:read')
  if (!apiKey) throw new UnauthorizedError('Listing bookings needs an API key with the bookings:read scope.', 'api_key_required')
  await limitApiCall(event, 'api_read', apiKey)
  const query = parseInput(apiBookingsQuerySchema, getQuery(event))
  const rows = await listBookings(useDatabase().db, { orgId: project.orgId, projectId: project.id }, { ...query, limit: 1000 })
  return {
    data: rows.map(row => ({
      id: row.id, status: row.status, serviceId: row.serviceId, serviceName: row.serviceName, resourceId: row.resourceId,
      start: formatInZone(row.startsAt, project.timeZone), end: formatInZone(row.endsAt, project.timeZone),
      customer: { name: row.customerName, email: row.customerEmail, phone: row.customerPhone },
      price: { amount: row.priceAmount - row.discountAmount, currency: row.currency },
    })),
  }
})

import { z } from 'zod'
import { dayRangeInZone, findService, findSlots, slotJson, timeZoneSchema } from '@flectar/bookings'
import { InvalidInputError, parseInput } from '@flectar/errors'
import { bookingExtras } from '@flectar/db'
import { and, eq, inArray } from 'drizzle-orm'

const DAY_MS = 86_400_000
const MAX_RANGE_DAYS = 62
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(value => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'is not a real date')

const querySchema = z.object({
  serviceId: z.uuid('must be a service id'),
  from: isoDate,
  to: isoDate,
  timeZone: timeZoneSchema,
  extras: z.string().max(1000).optional().transform(value => value ? value.split(',').filter(Boolean) : []).pipe(z.array(z.uuid('must be extra ids separated by commas')).max(20)),
}).refine(query => query.to >= query.from, { message: 'must not be before from', path: ['to'] })
  .refine(query => Date.parse(query.to) - Date.parse(query.from) <= (MAX_RANGE_DAYS - 1) * DAY_MS, { message: `must be at most ${MAX_RANGE_DAYS} days after from`, path: ['to'] })

/** `GET /api/v1/projects/{slug}/availability`: free slots between two dates of the visitor's zone. */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  await limitApiCall(event, 'api_read', await apiKeyOf(event, project, 'services:read'))
  const query = parseInput(querySchema, getQuery(event))
  const db = useDatabase().db
  const service = await findService(db, project.id, query.serviceId)
  if (!service) throw new InvalidInputError({ serviceId: 'is not a bookable service of this site' })
  const extras = query.extras.length === 0
    ? []
    : await db.select({ id: bookingExtras.id, durationMinutes: bookingExtras.durationMinutes, serviceIds: bookingExtras.serviceIds }).from(bookingExtras)
        .where(and(eq(bookingExtras.projectId, project.id), eq(bookingExtras.active, true), inArray(bookingExtras.id, query.extras)))
  const offered = extras.filter(extra => extra.serviceIds.length === 0 || extra.serviceIds.includes(service.id))
  if (offered.length !== new Set(query.extras).size) throw new InvalidInputError({ extras: 'lists an extra not offered with this service' })
  const range = dayRangeInZone(query.from, query.to, query.timeZone)
  const slots = await findSlots(db, service, {
    serviceId: service.id, ...range, now: new Date(), extraMinutes: offered.reduce((sum, extra) => sum + extra.durationMinutes, 0),
  })
  return { timeZone: query.timeZone, slots: slots.map(slot => slotJson(slot, query.timeZone)) }
})

import { z } from 'zod'
import type { DbOrTx } from '@flectar/db'
import type { Project } from '@flectar/sites'
import { DAY_MS, dayRangeInZone } from '@flectar/time'
import type { BookingEnv } from './booking-env'
import { localDateSchema, timeZoneSchema } from './input-fields'
import { listAvailableSlots, SLOT_QUERY_MAX_DAYS, slotJson } from './list-available-slots'
import { extraMinutesOf, pickExtras } from './pick-extras'
import { requireBookableService } from './require-bookable-service'

/** The public API's availability query: `?serviceId&from&to&timeZone&extras=id,id`. */
export const publicSlotsQuerySchema = z.object({
  serviceId: z.uuid('must be a service id'),
  from: localDateSchema,
  to: localDateSchema,
  timeZone: timeZoneSchema,
  extras: z.string().max(1000).optional().transform(value => value ? value.split(',').filter(Boolean) : []).pipe(z.array(z.uuid('must be extra ids separated by commas')).max(20)),
}).refine(query => query.to >= query.from, { message: 'must not be before from', path: ['to'] })
  .refine(query => Date.parse(query.to) - Date.parse(query.from) <= (SLOT_QUERY_MAX_DAYS - 1) * DAY_MS, { message: `must be at most ${SLOT_QUERY_MAX_DAYS} days after from`, path: ['to'] })

/**
 * Free slots of a service between two local dates of the visitor's zone, as the public API
 * answers them (with the offsets of that zone). Notice and advance window apply.
 */
export async function listPublicSlots(db: DbOrTx, project: Pick<Project, 'id'>, query: z.output<typeof publicSlotsQuerySchema>, env: Pick<BookingEnv, 'busy' | 'now'> = {}) {
  const service = await requireBookableService(db, project.id, query.serviceId)
  const extras = await pickExtras(db, project.id, service.id, query.extras, { report: 'field' })
  const range = dayRangeInZone(query.from, query.to, query.timeZone)
  const { slots } = await listAvailableSlots(db, service, { ...range, now: env.now ?? new Date(), extraMinutes: extraMinutesOf(extras), busy: env.busy })
  return { timeZone: query.timeZone, slots: slots.map(slot => slotJson(slot, query.timeZone)) }
}

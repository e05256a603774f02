import { z } from 'zod'
import type { DbOrTx } from '@flectar/db'
import type { Project } from '@flectar/sites'
import { DAY_MS, dayRangeInZone } from '@flectar/time'
import { InvalidInputError } from '@flectar/errors'
import type { BookingEnv } from './booking-env'
import { localDateSchema } from './input-fields'
import { listAvailableSlots, SLOT_QUERY_MAX_DAYS, slotJson } from './list-available-slots'
import { extraMinutesOf, pickExtras } from './pick-extras'
import { requireBookableService } from './require-bookable-service'

export const staffSlotsQuerySchema = z.object({
  serviceId: z.uuid('must be a service id'),
  from: localDateSchema,
  to: localDateSchema,
  /** `extras=id1,id2` or `extras=id1&extras=id2`. */
  extras: z.preprocess(
    value => (Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? value.split(',') : []),
    z.array(z.uuid('must be extra ids')).max(20),
  ),
})

/**
 * Free slots of a service between two local dates of the project's zone, for staff booking
 * on a customer's behalf: like `createBooking` with `source: 'admin'`, the minimum notice and
 * the advance window do not apply, so every slot shown here can be booked from the admin.
 */
export async function listStaffSlots(db: DbOrTx, project: Project, query: z.output<typeof staffSlotsQuerySchema>, env: Pick<BookingEnv, 'busy' | 'now'>) {
  const range = localRange(query.from, query.to, project.timeZone)
  const service = await requireBookableService(db, project.id, query.serviceId)
  const extras = await pickExtras(db, project.id, service.id, query.extras, { report: 'field' })
  const now = env.now ?? new Date()
  // A start must lie after now to be booked (`createBooking`), so one exactly at now is left out.
  const from = new Date(Math.max(range.from.getTime(), now.getTime() + 1))
  const { slots } = range.to <= from
    ? { slots: [] }
    : await listAvailableSlots(db, service, { from, to: range.to, now, extraMinutes: extraMinutesOf(extras), byStaff: true, busy: env.busy })
  return { timeZone: project.timeZone, slots: slots.map(slot => slotJson(slot, project.timeZone)) }
}

function localRange(from: string, to: string, timeZone: string) {
  let range: { from: Date, to: Date }
  try {
    range = dayRangeInZone(from, to, timeZone)
  }
  catch {
    throw new InvalidInputError(to < from ? { to: 'must not be before from' } : { from: 'must be a real date like 2026-12-07' })
  }
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > SLOT_QUERY_MAX_DAYS) {
    throw new InvalidInputError({ to: `must be within ${SLOT_QUERY_MAX_DAYS} days of from (both included)` })
  }
  return range
}

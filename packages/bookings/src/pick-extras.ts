import { and, eq, inArray } from 'drizzle-orm'
import { bookingExtras, type BookedExtra, type DbOrTx } from '@flectar/db'
import { InvalidInputError, type FieldErrors } from '@flectar/errors'

export interface PickExtrasOptions {
  /**
   * Where a refused extra is reported: `items` names each one (`extras.1`, a body's array),
   * `field` the whole `extras` (a query string's comma list, one field in a form).
   */
  report?: 'items' | 'field'
}

/**
 * The chosen extras as a booking stores them: each an active extra of the project offered
 * with the service, none twice. The one check for slots, quotes and bookings alike, so a
 * slot listed with extras can be booked with them.
 */
export async function pickExtras(db: DbOrTx, projectId: string, serviceId: string, ids: readonly string[], options: PickExtrasOptions = {}): Promise<BookedExtra[]> {
  if (ids.length === 0) return []
  const rows = await db.select().from(bookingExtras).where(and(eq(bookingExtras.projectId, projectId), inArray(bookingExtras.id, [...ids]), eq(bookingExtras.active, true)))
  const picked = ids.map(id => rows.find(extra => extra.id === id && (extra.serviceIds.length === 0 || extra.serviceIds.includes(serviceId))))
  const fields: FieldErrors = {}
  picked.forEach((extra, index) => {
    if (extra) return
    if (options.report === 'field') fields.extras = 'lists an extra not offered with this service'
    else fields[`extras.${index}`] = 'is not an extra offered with this service'
  })
  if (!fields.extras && new Set(ids).size !== ids.length) fields.extras = 'lists an extra twice'
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields)
  return picked.map(extra => ({ id: extra!.id, name: extra!.name, priceAmount: extra!.priceAmount, durationMinutes: extra!.durationMinutes }))
}

/** Minutes the extras add to the appointment. */
export function extraMinutesOf(extras: readonly Pick<BookedExtra, 'durationMinutes'>[]): number {
  return extras.reduce((sum, extra) => sum + extra.durationMinutes, 0)
}

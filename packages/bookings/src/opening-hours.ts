import { and, eq } from 'drizzle-orm'
import { bookingResources, bookingServiceResources, bookingServices, type DbOrTx, type WeeklyHour } from '@flectar/db'

/** Intervals of one weekday, overlapping or touching ones joined (`09:00–13:00` + `12:00–14:00` is `09:00–14:00`). */
function mergeDay(rows: WeeklyHour[]): WeeklyHour[] {
  const merged: WeeklyHour[] = []
  for (const row of [...rows].sort((a, b) => a.start.localeCompare(b.start))) {
    const last = merged.at(-1)
    if (last && row.start <= last.end) last.end = row.end > last.end ? row.end : last.end
    else merged.push({ ...row })
  }
  return merged
}

/**
 * When the business can be booked, per weekday: the weekly hours of every active resource
 * that delivers an active service, joined. What the site's JSON-LD `openingHoursSpecification`
 * says, so search results never show hours `/book` would refuse.
 */
export async function listBookableHours(db: DbOrTx, projectId: string): Promise<WeeklyHour[]> {
  const rows = await db.selectDistinct({ id: bookingResources.id, weeklyHours: bookingResources.weeklyHours }).from(bookingResources)
    .innerJoin(bookingServiceResources, eq(bookingServiceResources.resourceId, bookingResources.id))
    .innerJoin(bookingServices, and(eq(bookingServices.id, bookingServiceResources.serviceId), eq(bookingServices.active, true)))
    .where(and(eq(bookingResources.projectId, projectId), eq(bookingResources.active, true)))
  const all = rows.flatMap(row => row.weeklyHours)
  return [1, 2, 3, 4, 5, 6, 7].flatMap(weekday => mergeDay(all.filter(row => row.weekday === weekday)))
}

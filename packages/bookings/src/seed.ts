import { eq, sql } from 'drizzle-orm'
import { bookingExtras, bookingRequirements, bookingResources, bookings, bookingServiceResources, bookingServices, customers, projects, type DbOrTx, type WeeklyHour } from '@flectar/db'
import type { ProjectScope } from '@flectar/sites'
import { addLocalDays, instantInZone, todayIn, weekdayOf } from '@flectar/time'

const WEEKDAY_HOURS: WeeklyHour[] = [1, 2, 3, 4, 5].flatMap(weekday => [
  { weekday, start: '09:00', end: '13:30' },
  { weekday, start: '15:00', end: '19:00' },
])

const DEMO_CLIENTS = [
  { name: 'Lucía Martín', email: 'lucia.martin@example.com', phone: '+34600100201' },
  { name: 'Tom Baker', email: 'tom.baker@example.com', phone: null },
  { name: 'Inés García', email: 'ines.garcia@example.com', phone: '+34600100203' },
  { name: 'Sam Okafor', email: null, phone: '+34600100204' },
]

/** A few appointments in the coming weekdays (09:30 and 16:00), so the calendar is not empty. */
async function seedDemoAppointments(tx: DbOrTx, scope: ProjectScope, timeZone: string, resourceId: string, service: typeof bookingServices.$inferSelect, now: Date) {
  const clients = await tx.insert(customers).values(DEMO_CLIENTS.map(client => ({ ...scope, ...client }))).returning()
  const today = todayIn(timeZone, now)
  const rows = []
  for (let offset = 1, made = 0; made < 4; offset++) {
    const date = addLocalDays(today, offset)
    if (weekdayOf(date) >= 6) continue
    for (const [hour, minute] of [[9, 30], [16, 0]] as const) {
      const startsAt = instantInZone(date, hour * 60 + minute, timeZone)
      const endsAt = new Date(startsAt.getTime() + service.durationMinutes * 60_000)
      const client = clients[(made * 2 + (hour > 12 ? 1 : 0)) % clients.length]!
      rows.push({
        ...scope, resourceId, serviceId: service.id, customerId: client.id, status: 'confirmed' as const, source: 'site' as const,
        startsAt, endsAt, blocked: { start: startsAt, end: new Date(endsAt.getTime() + service.bufferAfterMinutes * 60_000) },
        timeZone, serviceName: service.name, priceAmount: service.priceAmount, currency: service.currency, confirmedAt: now,
      })
    }
    made++
  }
  await tx.insert(bookings).values(rows)
}

/**
 * The demo salon takes bookings: one stylist working weekdays (with a lunch break) and
 * Saturday mornings, two services, an extra and a consent question. Turns the bookings
 * module on. Does nothing when the project already has services.
 */
export async function seedDemoBookings(db: DbOrTx, projectId: string, options: { now?: Date } = {}): Promise<{ created: boolean }> {
  return db.transaction(async (tx) => {
    const [project] = await tx.select().from(projects).where(eq(projects.id, projectId)).for('update')
    if (!project) throw new Error(`seedDemoBookings: no project ${projectId}`)
    const existing = await tx.select({ id: bookingServices.id }).from(bookingServices).where(eq(bookingServices.projectId, projectId)).limit(1)
    if (existing.length > 0) return { created: false }
    const scope = { orgId: project.orgId, projectId }
    await tx.update(projects).set({ modules: sql`array_append(array_remove(${projects.modules}, 'bookings'), 'bookings')` }).where(eq(projects.id, projectId))
    const [stylist] = await tx.insert(bookingResources).values({
      ...scope, name: 'Marta (stylist)', kind: 'staff', timeZone: project.timeZone,
      weeklyHours: [...WEEKDAY_HOURS, { weekday: 6, start: '10:00', end: '14:00' }],
    }).returning()
    const services = await tx.insert(bookingServices).values([
      { ...scope, name: 'Cut & blow-dry', description: 'A consultation, wash, cut and blow-dry.', durationMinutes: 45, priceAmount: 3500, currency: 'EUR', bufferAfterMinutes: 15, minNoticeMinutes: 60, maxAdvanceDays: 60, slotIntervalMinutes: 15, position: 0 },
      { ...scope, name: 'Colour & gloss', description: 'Full colour with a gloss finish. Allow two hours.', durationMinutes: 105, priceAmount: 7200, currency: 'EUR', bufferAfterMinutes: 15, minNoticeMinutes: 24 * 60, maxAdvanceDays: 60, slotIntervalMinutes: 30, position: 1, depositKind: 'percent', depositValue: 20 },
    ]).returning()
    await tx.insert(bookingServiceResources).values(services.map(service => ({ serviceId: service.id, resourceId: stylist!.id, projectId })))
    await tx.insert(bookingExtras).values({ ...scope, name: 'Deep-conditioning treatment', priceAmount: 1200, durationMinutes: 15 })
    await tx.insert(bookingRequirements).values([
      { ...scope, label: 'Anything we should know? (allergies, hair history)', kind: 'text', required: false, position: 0 },
      { ...scope, label: 'I agree to the salon\'s 24-hour cancellation policy', kind: 'consent', required: true, position: 1 },
    ])
    await seedDemoAppointments(tx, scope, project.timeZone, stylist!.id, services[0]!, options.now ?? new Date())
    return { created: true }
  })
}

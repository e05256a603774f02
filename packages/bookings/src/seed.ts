import { eq, sql } from 'drizzle-orm'
import { bookingBlockedDates, bookingExtras, bookingRequirements, bookingResources, bookings, bookingServiceResources, bookingServices, customers, paymentProviderSettings, projects, type DbOrTx, type WeeklyHour } from '@flectar/db'
import { seedDemoConversations } from '@flectar/messaging'
import type { ProjectScope } from '@flectar/sites'
import { addLocalDays, instantInZone, todayIn, weekdayOf } from '@flectar/time'

// The salon template's opening hours (templates/salon.ts), which its /contact page shows:
// closed Sunday and Monday, late on Thursday.
const SALON_HOURS: WeeklyHour[] = [
  { weekday: 2, start: '09:30', end: '18:00' },
  { weekday: 3, start: '09:30', end: '18:00' },
  { weekday: 4, start: '11:00', end: '20:30' },
  { weekday: 5, start: '09:30', end: '18:00' },
  { weekday: 6, start: '09:00', end: '17:00' },
]

/** The stylists the salon template's /team page shows: each of them can be booked. */
const DEMO_TEAM = ['Ana Moreno', 'Marcus Hale', 'Priya Shah']

const DEMO_CLIENTS = [
  { name: 'Lucía Martín', email: 'lucia.martin@example.com', phone: '+34600100201' },
  { name: 'Tom Baker', email: 'tom.baker@example.com', phone: null },
  { name: 'Inés García', email: 'ines.garcia@example.com', phone: '+34600100203' },
  { name: 'Sam Okafor', email: null, phone: '+34600100204' },
]

/** A few appointments with Ana on the coming opening days (11:30 and 16:00), so the calendar is not empty. */
async function seedDemoAppointments(tx: DbOrTx, scope: ProjectScope, timeZone: string, resourceId: string, service: typeof bookingServices.$inferSelect, now: Date) {
  const clients = await tx.insert(customers).values(DEMO_CLIENTS.map(client => ({ ...scope, ...client }))).returning()
  const today = todayIn(timeZone, now)
  const rows = []
  for (let offset = 1, made = 0; made < 4; offset++) {
    const date = addLocalDays(today, offset)
    if (!SALON_HOURS.some(row => row.weekday === weekdayOf(date))) continue
    for (const [hour, minute] of [[11, 30], [16, 0]] as const) {
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
 * The demo salon takes bookings as its pages describe them: the three stylists of /team,
 * the salon's opening hours, closed on 25 December, and services priced as on /services in
 * the site's currency (EUR), with an extra and a consent question. Turns the bookings module
 * on. Does nothing when the project already has services.
 */
export async function seedDemoBookings(db: DbOrTx, projectId: string, options: { now?: Date } = {}): Promise<{ created: boolean }> {
  return db.transaction(async (tx) => {
    const [project] = await tx.select().from(projects).where(eq(projects.id, projectId)).for('update')
    if (!project) throw new Error(`seedDemoBookings: no project ${projectId}`)
    const existing = await tx.select({ id: bookingServices.id }).from(bookingServices).where(eq(bookingServices.projectId, projectId)).limit(1)
    if (existing.length > 0) return { created: false }
    const scope = { orgId: project.orgId, projectId }
    const now = options.now ?? new Date()
    await tx.update(projects).set({ modules: sql`array_append(array_remove(${projects.modules}, 'bookings'), 'bookings')` }).where(eq(projects.id, projectId))
    const team = await tx.insert(bookingResources).values(DEMO_TEAM.map(name => ({ ...scope, name, kind: 'staff' as const, timeZone: project.timeZone, weeklyHours: SALON_HOURS }))).returning()
    const currency = project.currency
    const services = await tx.insert(bookingServices).values([
      { ...scope, name: 'Cut & blow-dry', description: 'A consultation, wash, cut and blow-dry.', durationMinutes: 45, priceAmount: 4800, currency, bufferAfterMinutes: 15, minNoticeMinutes: 60, maxAdvanceDays: 60, slotIntervalMinutes: 15, position: 0 },
      { ...scope, name: 'Root colour', description: 'Roots refreshed, with a gloss finish.', durationMinutes: 90, priceAmount: 6500, currency, bufferAfterMinutes: 15, minNoticeMinutes: 24 * 60, maxAdvanceDays: 60, slotIntervalMinutes: 30, position: 1, depositKind: 'percent', depositValue: 20 },
    ]).returning()
    await tx.insert(bookingServiceResources).values(services.flatMap(service => team.map(stylist => ({ serviceId: service.id, resourceId: stylist.id, projectId }))))
    const year = Number(todayIn(project.timeZone, now).slice(0, 4))
    await tx.insert(bookingBlockedDates).values([year, year + 1].map(y => ({ ...scope, fromDate: `${y}-12-25`, toDate: `${y}-12-25`, reason: 'Christmas Day' })))
    await tx.insert(bookingExtras).values({ ...scope, name: 'Deep-conditioning treatment', priceAmount: 1200, durationMinutes: 15 })
    await tx.insert(bookingRequirements).values([
      { ...scope, label: 'Anything we should know? (allergies, hair history)', kind: 'text', required: false, position: 0 },
      { ...scope, label: 'I agree to the salon\'s 24-hour cancellation policy', kind: 'consent', required: true, position: 1 },
    ])
    await seedDemoAppointments(tx, scope, project.timeZone, team[0]!.id, services[0]!, now)
    await seedDemoConversations(tx, scope, null, now)
    // The root colour's deposit can be paid at the venue out of the box (offline); an owner
    // connects Stripe, PayPal or Redsys in Settings › Payments to take it online.
    await tx.insert(paymentProviderSettings).values({ ...scope, provider: 'on_site', enabled: true, config: {}, secrets: '', secretHints: {} }).onConflictDoNothing()
    return { created: true }
  })
}

import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookingResources, bookings, bookingServices, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { dayRangeInZone, formatInZone } from '@flectar/time'
import { listAvailableSlots } from './list-available-slots'
import { offeredPaymentProviders } from '@flectar/payments'
import { seedDemoBookings } from './seed'

describe('the demo salon\'s booking setup', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let projectId: string
  // A Sunday evening in Madrid: the appointments go on the next four opening days (Tuesday on).
  const now = new Date('2026-11-22T20:00:00Z')

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Demo', slug: 'demo-seed' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Demo', slug: 'demo-seed', timeZone: 'Europe/Madrid' }).returning()
    projectId = project!.id
  })
  afterAll(async () => {
    await database.drop()
  })

  it('is created once, as the salon\'s pages describe it: its team, its hours, its prices, with appointments', async () => {
    expect(await seedDemoBookings(database.db, projectId, { now })).toEqual({ created: true })
    expect(await seedDemoBookings(database.db, projectId, { now })).toEqual({ created: false })
    const [project] = await database.db.select().from(projects).where(eq(projects.id, projectId))
    expect(project!.modules).toContain('bookings')

    const seeded = await database.db.select().from(bookings).where(eq(bookings.projectId, projectId)).orderBy(bookings.startsAt)
    expect(seeded.map(booking => formatInZone(booking.startsAt, 'Europe/Madrid'))).toEqual([
      '2026-11-24T11:30:00+01:00', '2026-11-24T16:00:00+01:00', '2026-11-25T11:30:00+01:00', '2026-11-25T16:00:00+01:00',
      '2026-11-26T11:30:00+01:00', '2026-11-26T16:00:00+01:00', '2026-11-27T11:30:00+01:00', '2026-11-27T16:00:00+01:00',
    ])

    // The team /team shows is the team that can be booked, on the hours /contact shows.
    const team = await database.db.select().from(bookingResources).where(eq(bookingResources.projectId, projectId))
    expect(team.map(resource => resource.name).sort()).toEqual(['Ana Moreno', 'Marcus Hale', 'Priya Shah'])
    expect(team.every(resource => !resource.weeklyHours.some(row => row.weekday === 1 || row.weekday === 7))).toBe(true)

    // One currency, the price /services writes ("from €48").
    const [cut] = await database.db.select().from(bookingServices).where(eq(bookingServices.name, 'Cut & blow-dry'))
    expect(cut).toMatchObject({ priceAmount: 4800, currency: 'EUR' })
    const startsOn = async (date: string) => (await listAvailableSlots(database.db, cut!, { ...dayRangeInZone(date, date, 'Europe/Madrid'), now })).slots
      .map(slot => formatInZone(slot.start, 'Europe/Madrid').slice(11, 16))
    // Closed on Monday and on Christmas Day, as the pages say.
    expect(await startsOn('2026-11-23')).toEqual([])
    expect(await startsOn('2026-12-25')).toEqual([])
    // Tuesday from opening; Ana's 11:30 cut leaves two other chairs free then.
    const tuesday = await startsOn('2026-11-24')
    expect(tuesday[0]).toBe('09:30')
    expect(tuesday).toContain('11:30')
    expect(tuesday.at(-1)).toBe('17:15')

    // The root colour's 20 % deposit is payable at the venue, offline, out of the box.
    const [colour] = await database.db.select().from(bookingServices).where(eq(bookingServices.name, 'Root colour'))
    expect(colour).toMatchObject({ depositKind: 'percent', depositValue: 20 })
    expect(await offeredPaymentProviders(database.db, projectId)).toEqual(['on_site'])
  })
})

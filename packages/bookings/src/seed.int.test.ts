import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookings, bookingServices, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { dayRangeInZone, formatInZone } from '@flectar/time'
import { listAvailableSlots } from './list-available-slots'
import { seedDemoBookings } from './seed'

describe('the demo salon\'s booking setup', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let projectId: string
  // A Sunday evening in Madrid: the appointments go on the next four weekdays.
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

  it('is created once, with weekday appointments and free slots around them', async () => {
    expect(await seedDemoBookings(database.db, projectId, { now })).toEqual({ created: true })
    expect(await seedDemoBookings(database.db, projectId, { now })).toEqual({ created: false })
    const [project] = await database.db.select().from(projects).where(eq(projects.id, projectId))
    expect(project!.modules).toContain('bookings')

    const seeded = await database.db.select().from(bookings).where(eq(bookings.projectId, projectId)).orderBy(bookings.startsAt)
    expect(seeded.map(booking => formatInZone(booking.startsAt, 'Europe/Madrid'))).toEqual([
      '2026-11-23T09:30:00+01:00', '2026-11-23T16:00:00+01:00', '2026-11-24T09:30:00+01:00', '2026-11-24T16:00:00+01:00',
      '2026-11-25T09:30:00+01:00', '2026-11-25T16:00:00+01:00', '2026-11-26T09:30:00+01:00', '2026-11-26T16:00:00+01:00',
    ])

    const [cut] = await database.db.select().from(bookingServices).where(eq(bookingServices.name, 'Cut & blow-dry'))
    const slots = (await listAvailableSlots(database.db, cut!, { ...dayRangeInZone('2026-11-23', '2026-11-23', 'Europe/Madrid'), now })).slots
    const starts = slots.map(slot => formatInZone(slot.start, 'Europe/Madrid').slice(11, 16))
    // The 09:30 cut holds the chair until 10:30 (45 min + 15 min buffer); a 09:00 cut would run into it.
    expect(starts[0]).toBe('10:30')
    expect(starts).not.toContain('16:00')
    expect(starts.length).toBeGreaterThan(10)
  })
})

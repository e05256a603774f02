import { eq } from 'drizzle-orm'
import { hashPassword, SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingResources, bookingServiceResources, bookingServices, projects, type Db, type WeeklyHour } from '@flectar/db'
import { DEMO_OWNER_EMAIL, seedDemo } from '@flectar/db/seed'
import { createProject, seedDemoSite } from '@flectar/sites'

export const CLINIC_SLUG = 'cluster-clinic'
export const CLINIC_TIME_ZONE = 'UTC'

export interface ClusterSeed {
  orgId: string
  ownerEmail: string
  ownerPassword: string
  /** The demo salon site (slug `demo`), whose home page the publish check edits. */
  demoProjectId: string
  /** A bookings-only project: one service raced for one slot, one that the load books slot after slot. */
  clinicProjectId: string
  raceServiceId: string
  loadServiceId: string
}

/** Every day 06:00–22:00 UTC: 64 quarter-hours a day to book under load. */
const OPEN_EVERY_DAY: WeeklyHour[] = [1, 2, 3, 4, 5, 6, 7].map(weekday => ({ weekday, start: '06:00', end: '22:00' }))

/** The demo org, owner and salon site, as `pnpm dev` seeds them, plus the clinic the booking checks use. */
export async function seedCluster(db: Db, ownerPassword: string): Promise<ClusterSeed> {
  const demo = await seedDemo(db, { ownerPasswordHash: await hashPassword(ownerPassword) })
  const demoSite = await seedDemoSite(db, demo.orgId)
  const clinic = await createProject(db, demo.orgId, { name: 'Cluster Clinic', slug: CLINIC_SLUG, timeZone: CLINIC_TIME_ZONE, defaultLocale: 'en' }, SYSTEM_ACTOR)
  await db.update(projects).set({ modules: ['bookings'] }).where(eq(projects.id, clinic.id))
  const scope = { orgId: demo.orgId, projectId: clinic.id }
  const [raceRoom, loadRoom] = await db.insert(bookingResources).values([
    { ...scope, name: 'Race room', timeZone: CLINIC_TIME_ZONE, weeklyHours: OPEN_EVERY_DAY },
    { ...scope, name: 'Load room', timeZone: CLINIC_TIME_ZONE, weeklyHours: OPEN_EVERY_DAY },
  ]).returning()
  const [race, load] = await db.insert(bookingServices).values([
    { ...scope, name: 'Consultation', durationMinutes: 60, slotIntervalMinutes: 30, minNoticeMinutes: 60, position: 0 },
    { ...scope, name: 'Quick check', durationMinutes: 15, slotIntervalMinutes: 15, minNoticeMinutes: 60, maxAdvanceDays: 60, position: 1 },
  ]).returning()
  await db.insert(bookingServiceResources).values([
    { serviceId: race!.id, resourceId: raceRoom!.id, projectId: clinic.id },
    { serviceId: load!.id, resourceId: loadRoom!.id, projectId: clinic.id },
  ])
  return {
    orgId: demo.orgId,
    ownerEmail: DEMO_OWNER_EMAIL,
    ownerPassword,
    demoProjectId: demoSite.projectId,
    clinicProjectId: clinic.id,
    raceServiceId: race!.id,
    loadServiceId: load!.id,
  }
}

import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@flectar/accounts'
import { auditEvents, bookingResources, bookingServices, memberships, organizations, pages, projects, users } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { createProject, onboardingSchema, publishSite } from '@flectar/sites'
import { listBookableHours } from './opening-hours'
import { listPublicServices } from './public-services'
import { listPublicSlots, publicSlotsQuerySchema } from './public-slots'
import { setUpTemplateBookings } from './set-up-template-bookings'

// The onboarding wizard's one transaction: a salon owner's answers make a draft site that is
// theirs (name, address, phone, email, currency, zone) and can be booked at once.
describe('a new site from the wizard', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let orgId: string
  let actor: Actor

  const answers = {
    name: 'Peluquería Lucía Ortega',
    slug: 'lucia-ortega',
    templateKey: 'salon',
    address: 'Calle de Fuencarral 45\n28004 Madrid',
    phone: '+34 912 345 678',
    email: 'hola@luciaortega.es',
    timeZone: 'Europe/Madrid',
    currency: 'EUR',
    defaultLocale: 'en',
    extraLocales: ['es'],
  }

  const create = (input: unknown, setUp = setUpTemplateBookings) => createProject(database.db, orgId, parseInput(onboardingSchema, input), actor, {
    setUpBookings: (tx, project, bookings, by) => setUp(tx, project, bookings, 'Lucía Ortega', by),
  })

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Lucía', slug: 'lucia' }).returning()
    const [user] = await database.db.insert(users).values({ email: 'lucia@luciaortega.es', name: 'Lucía Ortega' }).returning()
    await database.db.insert(memberships).values({ orgId: org!.id, userId: user!.id, role: 'owner' })
    orgId = org!.id
    actor = { userId: user!.id, context: { ipKey: 'ip-key', userAgent: 'test', location: 'ES' } }
  })
  afterAll(() => database.drop())

  it('asks for every answer, with messages for the form', () => {
    const result = onboardingSchema.safeParse({ name: 'X', slug: 'x', currency: 'XXXX', defaultLocale: 'en', extraLocales: ['en'] })
    expect(result.success).toBe(false)
    const fields = Object.fromEntries(result.error!.issues.map(issue => [issue.path.join('.'), issue.message]))
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['name', 'templateKey', 'address', 'phone', 'email', 'timeZone', 'currency']))
    expect(onboardingSchema.safeParse({ ...answers, timeZone: 'Mars/Olympus' }).success).toBe(false)
    expect(onboardingSchema.safeParse({ ...answers, extraLocales: ['en'] }).error?.issues[0]?.path).toEqual(['extraLocales'])
  })

  it('makes a draft site with the owner\'s details, services in the site\'s currency and the owner\'s hours, audited', async () => {
    const project = await create(answers)
    expect(project).toMatchObject({ name: answers.name, timeZone: 'Europe/Madrid', currency: 'EUR', extraLocales: ['es'], sitePublishedAt: null, business: { address: answers.address, phone: answers.phone, email: answers.email } })

    const stored = JSON.stringify(await database.db.select({ published: pages.published }).from(pages).where(eq(pages.projectId, project.id)))
    expect(stored).toContain('Calle de Fuencarral 45')
    expect(stored).toContain('+34 912 345 678')
    expect(stored).not.toMatch(/Willow|Elm Row|Edinburgh|£/)
    expect(JSON.stringify(project.navigation)).toContain('mailto:hola@luciaortega.es')
    expect(JSON.stringify(project.navigation)).toContain('tel:+34912345678')

    const services = await database.db.select().from(bookingServices).where(eq(bookingServices.projectId, project.id))
    expect(services.length).toBeGreaterThan(0)
    expect(services.every(service => service.currency === 'EUR')).toBe(true)
    expect(services.find(service => service.name === 'Cut & blow-dry')).toMatchObject({ priceAmount: 4800, durationMinutes: 45 })
    const resources = await database.db.select().from(bookingResources).where(eq(bookingResources.projectId, project.id))
    expect(resources).toHaveLength(1)
    expect(resources[0]).toMatchObject({ name: 'Lucía Ortega', kind: 'staff', timeZone: 'Europe/Madrid' })
    expect(resources[0]!.weeklyHours).toContainEqual({ weekday: 4, start: '11:00', end: '20:30' })
    expect(resources[0]!.weeklyHours.some(row => row.weekday === 1)).toBe(false)

    // /book works right away: a service and a time (Thursday 3 December 2026 in Madrid).
    const offered = await listPublicServices(database.db, project.id)
    expect(offered.length).toBe(services.length)
    const query = parseInput(publicSlotsQuerySchema, { serviceId: offered[0]!.id, from: '2026-12-03', to: '2026-12-03', timeZone: 'Europe/Madrid' })
    const { slots } = await listPublicSlots(database.db, project, query, { now: new Date('2026-12-01T08:00:00Z') })
    expect(slots[0]?.start).toBe('2026-12-03T11:00:00+01:00')

    // What the site's JSON-LD says: the hours that can be booked.
    expect(await listBookableHours(database.db, project.id)).toEqual(resources[0]!.weeklyHours)

    const audit = await database.db.select({ action: auditEvents.action, userId: auditEvents.actorUserId }).from(auditEvents).where(eq(auditEvents.orgId, orgId))
    expect(audit.map(row => row.action)).toEqual(expect.arrayContaining(['project.created', 'booking_resource.created', 'booking_service.created']))
    expect(audit.every(row => row.userId === actor.userId)).toBe(true)
  })

  it('creates nothing when any part fails: one transaction', async () => {
    const failing = async () => {
      throw new Error('bookings set-up failed')
    }
    await expect(create({ ...answers, slug: 'rolled-back' }, failing)).rejects.toThrow('bookings set-up failed')
    expect(await database.db.select().from(projects).where(eq(projects.slug, 'rolled-back'))).toEqual([])
  })

  it('prices a GBP site in pounds', async () => {
    const project = await create({ ...answers, slug: 'lucia-london', currency: 'gbp', defaultLocale: 'en-GB', extraLocales: [] })
    const services = await database.db.select().from(bookingServices).where(eq(bookingServices.projectId, project.id))
    expect(services.every(service => service.currency === 'GBP')).toBe(true)
    expect(JSON.stringify(await database.db.select({ published: pages.published }).from(pages).where(eq(pages.projectId, project.id)))).toContain('£48.00')
  })

  it('publishes the site once, audited as project.published', async () => {
    const [project] = await database.db.select().from(projects).where(eq(projects.slug, 'lucia-ortega'))
    const scope = { orgId, projectId: project!.id }
    const published = await publishSite(database.db, scope, actor)
    expect(published.sitePublishedAt).toBeInstanceOf(Date)
    const again = await publishSite(database.db, scope, actor)
    expect(again.sitePublishedAt).toEqual(published.sitePublishedAt)
    const rows = await database.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'project.published')))
    expect(rows).toHaveLength(1)
  })
})

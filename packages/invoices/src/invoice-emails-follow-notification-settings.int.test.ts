import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingResources, bookings, customers, invoices, organizations, outboxMessages, payments, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { DEFAULT_NOTIFICATION_SETTINGS, saveNotificationSettings } from '@flectar/messaging'
import { runInvoiceWork } from './booking-invoices'
import { saveInvoiceProfile } from './profiles'
import { invoiceProfileSchema } from './schemas'

// Automatic invoices are the "payment received" email: a project that switched it off (or
// switched every customer email off) still gets its invoices, but none is emailed.
describe('automatic invoice emails follow the notification settings (P23)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>

  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database?.drop()
  })

  async function paidBookingOf(slug: string) {
    const [org] = await database.db.insert(organizations).values({ name: slug, slug }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: slug, slug, timeZone: 'Europe/Madrid', defaultLocale: 'en' }).returning()
    const scope = { orgId: org!.id, projectId: project!.id }
    await saveInvoiceProfile(database.db, scope, parseInput(invoiceProfileSchema, {
      legalName: 'Salón Lucía S.L.', taxId: 'B12345678', addressLines: ['Calle Mayor 1'], defaultTaxRate: 2100, pricesIncludeTax: true,
      paymentTermsDays: 0, language: 'en', bookingInvoices: 'automatic', bookingInvoiceKind: 'simplified', verifactu: true, verifactuEnvironment: 'test',
      invoiceSeries: { prefix: 'F', yearlyReset: true, firstNumber: 1, digits: 4 }, creditNoteSeries: { prefix: 'R', yearlyReset: true, firstNumber: 1, digits: 4 },
    }), SYSTEM_ACTOR)
    const [resource] = await database.db.insert(bookingResources).values({ ...scope, name: 'Ana', timeZone: 'Europe/Madrid' }).returning()
    const [person] = await database.db.insert(customers).values({ ...scope, name: 'Marta Ruiz', email: `marta@${slug}.example` }).returning()
    const startsAt = new Date('2027-01-04T09:00:00Z')
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
    const [booking] = await database.db.insert(bookings).values({
      ...scope, resourceId: resource!.id, customerId: person!.id, status: 'confirmed', startsAt, endsAt, blocked: { start: startsAt, end: endsAt },
      serviceName: 'Haircut', priceAmount: 4000, currency: 'EUR', timeZone: 'Europe/Madrid',
    }).returning()
    await database.db.insert(payments).values({
      ...scope, bookingId: booking!.id, provider: 'stripe', status: 'paid', amountMinor: 4000, paidMinor: 4000, currency: 'EUR', checkoutId: `cs_${crypto.randomUUID()}`, providerPaymentId: `pi_${crypto.randomUUID()}`,
    })
    return scope
  }
  const emailsOf = (projectId: string) => database.db.select().from(outboxMessages).where(eq(outboxMessages.projectId, projectId))

  it('invoices but emails nothing where "payment received" or everything is off, and emails the rest', async () => {
    const eventOff = await paidBookingOf('receipt-off')
    await saveNotificationSettings(database.db, eventOff, { ...DEFAULT_NOTIFICATION_SETTINGS, events: { ...DEFAULT_NOTIFICATION_SETTINGS.events, payment_received: { email: false, sms: false, whatsapp: false } } })
    const nothing = await paidBookingOf('send-nothing')
    await saveNotificationSettings(database.db, nothing, { ...DEFAULT_NOTIFICATION_SETTINGS, sendNothing: true })
    const usual = await paidBookingOf('receipt-on')

    expect(await runInvoiceWork(database.db)).toEqual({ invoiced: 3, credited: 0, sent: 1 })
    for (const scope of [eventOff, nothing]) {
      const [invoice] = await database.db.select().from(invoices).where(eq(invoices.projectId, scope.projectId))
      expect(invoice).toMatchObject({ status: 'paid', sentAt: null })
      expect(await emailsOf(scope.projectId)).toEqual([])
    }
    expect((await emailsOf(usual.projectId)).map(email => email.template)).toEqual(['invoices.invoice'])
  })
})

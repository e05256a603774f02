import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingResources, bookings, customers, invoices, organizations, outboxMessages, paymentRefunds, payments, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { ConflictError, parseInput } from '@flectar/errors'
import { invoiceBooking, runInvoiceWork } from './booking-invoices'
import { getInvoice } from './invoices'
import { saveInvoiceProfile } from './profiles'
import { invoiceProfileSchema } from './schemas'

type Scope = { orgId: string, projectId: string }

describe('invoices that follow bookings: a paid booking invoiced and emailed, a refund credited', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let salon: Scope
  let slot = 0

  const profile = (bookingInvoices: 'off' | 'on_demand' | 'automatic') => parseInput(invoiceProfileSchema, {
    legalName: 'Salón Lucía S.L.', taxId: 'B12345678', addressLines: ['Calle Mayor 1'], defaultTaxRate: 2100, pricesIncludeTax: true,
    paymentTermsDays: 0, language: 'en', bookingInvoices, bookingInvoiceKind: 'simplified', verifactu: true, verifactuEnvironment: 'test',
    invoiceSeries: { prefix: 'F', yearlyReset: true, firstNumber: 1, digits: 4 }, creditNoteSeries: { prefix: 'R', yearlyReset: true, firstNumber: 1, digits: 4 },
  })

  async function paidBooking(scope: Scope, email: string | null, paid: number | null) {
    const [resource] = await database.db.insert(bookingResources).values({ ...scope, name: 'Ana', timeZone: 'Europe/Madrid' }).returning()
    const [person] = await database.db.insert(customers).values({ ...scope, name: 'Marta Ruiz', email }).returning()
    const startsAt = new Date(Date.UTC(2027, 0, 4, 9 + slot++))
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
    const [booking] = await database.db.insert(bookings).values({
      ...scope, resourceId: resource!.id, customerId: person!.id, status: 'confirmed', startsAt, endsAt, blocked: { start: startsAt, end: endsAt },
      serviceName: 'Haircut', priceAmount: 4000, depositAmount: 1000, currency: 'EUR', timeZone: 'Europe/Madrid',
    }).returning()
    const [payment] = paid === null
      ? [undefined]
      : await database.db.insert(payments).values({
          ...scope, bookingId: booking!.id, provider: 'stripe', status: 'paid', amountMinor: paid, paidMinor: paid, currency: 'EUR', checkoutId: `cs_${crypto.randomUUID()}`, providerPaymentId: `pi_${crypto.randomUUID()}`,
        }).returning()
    return { booking: booking!, payment }
  }

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Salon', slug: 'salon' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Salón Lucía', slug: 'salon', timeZone: 'Europe/Madrid', defaultLocale: 'en' }).returning()
    salon = { orgId: org!.id, projectId: project!.id }
  })
  afterAll(async () => {
    await database?.drop()
  })

  it('on demand: nothing happens on its own; the owner\'s "Create invoice" invoices the paid deposit once', async () => {
    await saveInvoiceProfile(database.db, salon, profile('on_demand'), SYSTEM_ACTOR)
    const { booking, payment } = await paidBooking(salon, 'marta@example.com', 1000)
    expect(await runInvoiceWork(database.db)).toEqual({ invoiced: 0, credited: 0, sent: 0 })
    const [invoice] = await invoiceBooking(database.db, salon, booking.id, SYSTEM_ACTOR)
    expect(invoice).toMatchObject({ kind: 'simplified', status: 'paid', paymentId: payment!.id, bookingId: booking.id, totalMinor: 1000, paidMinor: 1000 })
    const detail = await getInvoice(database.db, salon, invoice!.id)
    expect(detail.lines[0]!.description).toMatch(/^Deposit · Haircut · 4 Jan 2027/)
    expect(detail.customer).toMatchObject({ name: 'Marta Ruiz', email: 'marta@example.com' })
    expect(detail.verifactu.map(record => record.kind)).toEqual(['alta'])
    // Asked again: the same invoice, not a second one.
    const [again] = await invoiceBooking(database.db, salon, booking.id, SYSTEM_ACTOR)
    expect(again!.id).toBe(invoice!.id)
  })

  it('on demand without any payment: the price, issued and due', async () => {
    const { booking } = await paidBooking(salon, null, null)
    const [invoice] = await invoiceBooking(database.db, salon, booking.id, SYSTEM_ACTOR)
    expect(invoice).toMatchObject({ status: 'issued', totalMinor: 4000, paidMinor: 0 })
    await expect(invoiceBooking(database.db, salon, booking.id, SYSTEM_ACTOR)).rejects.toBeInstanceOf(ConflictError)
  })

  it('automatic: payments made since it was switched on are invoiced once (two workers at once), emailed with the PDF, and a refund issues the credit note', async () => {
    const before = await paidBooking(salon, 'early@example.com', 1000)
    await database.db.update(payments).set({ updatedAt: new Date(Date.now() - 3600_000) }).where(eq(payments.id, before.payment!.id))
    await saveInvoiceProfile(database.db, salon, profile('automatic'), SYSTEM_ACTOR)
    const { booking, payment } = await paidBooking(salon, 'marta.auto@example.com', 4000)
    const [first, second] = await Promise.all([runInvoiceWork(database.db), runInvoiceWork(database.db)])
    expect(first!.invoiced + second!.invoiced).toBe(1)
    expect(first!.sent + second!.sent).toBe(1)
    const made = await database.db.select().from(invoices).where(eq(invoices.paymentId, payment!.id))
    expect(made).toHaveLength(1)
    expect(made[0]).toMatchObject({ status: 'paid', totalMinor: 4000, bookingId: booking.id })
    expect(made[0]!.sentAt).not.toBeNull()
    // Paid before automatic invoicing was on: left alone.
    expect(await database.db.select().from(invoices).where(eq(invoices.paymentId, before.payment!.id))).toHaveLength(0)

    const [email] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.template, 'invoices.invoice'))
    expect(email).toMatchObject({ to: 'marta.auto@example.com', subject: `Your invoice ${made[0]!.number} from Salón Lucía` })
    expect(email!.attachments).toHaveLength(1)
    expect(email!.attachments[0]).toMatchObject({ filename: `${made[0]!.number}.pdf`, contentType: 'application/pdf' })
    expect(Buffer.from(email!.attachments[0]!.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-')

    const [refund] = await database.db.insert(paymentRefunds).values({
      paymentId: payment!.id, providerPaymentId: payment!.providerPaymentId!, amountMinor: 1500, currency: 'EUR', reason: 'requested_by_owner', note: 'Shorter session',
      idempotencyKey: `refund:test:${payment!.id}`, status: 'requested',
    }).returning()
    expect((await runInvoiceWork(database.db)).credited).toBe(0) // not yet succeeded at the provider
    await database.db.update(paymentRefunds).set({ status: 'succeeded', providerRefundId: 're_1' }).where(eq(paymentRefunds.id, refund!.id))
    const [once, twice] = await Promise.all([runInvoiceWork(database.db), runInvoiceWork(database.db)])
    expect(once!.credited + twice!.credited).toBe(1)
    const [note] = await database.db.select().from(invoices).where(eq(invoices.refundId, refund!.id))
    expect(note).toMatchObject({ kind: 'credit_note', totalMinor: -1500, correctsInvoiceId: made[0]!.id, correctionReason: 'Shorter session' })
    expect(note!.number).toMatch(/^R\d{4}-0001$/)
    const [creditEmail] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.template, 'invoices.credit_note'))
    expect(creditEmail).toMatchObject({ to: 'marta.auto@example.com' })
  })

  it('off: the owner cannot invoice bookings', async () => {
    await saveInvoiceProfile(database.db, salon, profile('off'), SYSTEM_ACTOR)
    const { booking } = await paidBooking(salon, 'x@example.com', 1000)
    await expect(invoiceBooking(database.db, salon, booking.id, SYSTEM_ACTOR)).rejects.toMatchObject({ code: 'booking_invoices_off' })
  })
})

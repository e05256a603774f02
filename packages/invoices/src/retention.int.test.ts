import { asc, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import {
  bookingResources, bookings, customers, invoiceLines, invoicePayments, invoiceProfiles, invoices, invoiceSeries, organizations, paymentRefunds, payments, projects,
  verifactuChains, verifactuRecords,
} from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { creditRefund, invoiceBooking } from './booking-invoices'
import { saveInvoiceProfile } from './profiles'
import { invoiceProfileSchema } from './schemas'
import { verifyVerifactuChain } from './verifactu'
import { storedToRecord, verifyProjectChains } from './verifactu-store'

/*
 * P25/P26: invoices, credit notes and their VeriFactu records are kept when the customer or the
 * site they belong to is deleted (the references go null, the parties stay as the frozen snapshot
 * printed on the invoice). Deleting the whole organisation takes them with it: that is what the
 * schema does today (org_id … on delete cascade), asserted here so a change to it is deliberate.
 */

type Scope = { orgId: string, projectId: string }

const PROFILE = parseInput(invoiceProfileSchema, {
  legalName: 'Salón Lucía S.L.', taxId: 'B12345678', addressLines: ['Calle Mayor 1'], defaultTaxRate: 2100, pricesIncludeTax: true,
  paymentTermsDays: 0, language: 'en', bookingInvoices: 'on_demand', bookingInvoiceKind: 'simplified', verifactu: true, verifactuEnvironment: 'test',
  invoiceSeries: { prefix: 'F', yearlyReset: true, firstNumber: 1, digits: 4 }, creditNoteSeries: { prefix: 'R', yearlyReset: true, firstNumber: 1, digits: 4 },
})

describe('invoices outlive the customer and the site they were issued for (P25, P26)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let counter = 0

  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database?.drop()
  })

  /** A salon of its own org with invoicing and VeriFactu on. */
  async function salon(): Promise<Scope> {
    const n = ++counter
    const [org] = await database.db.insert(organizations).values({ name: `Salon ${n}`, slug: `retention-${n}` }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Salón Lucía', slug: `retention-${n}`, timeZone: 'Europe/Madrid', defaultLocale: 'en' }).returning()
    const scope = { orgId: org!.id, projectId: project!.id }
    await saveInvoiceProfile(database.db, scope, PROFILE, SYSTEM_ACTOR)
    return scope
  }

  /** A booking paid €40 by Marta, invoiced, then €15 refunded and credited: two issued documents, two VeriFactu records. */
  async function invoicedAndCredited(scope: Scope) {
    const [resource] = await database.db.insert(bookingResources).values({ ...scope, name: 'Ana', timeZone: 'Europe/Madrid' }).returning()
    const [person] = await database.db.insert(customers).values({ ...scope, name: 'Marta Ruiz', email: 'marta@example.com', phone: '+34600111222' }).returning()
    const startsAt = new Date(Date.UTC(2027, 0, 4, 9))
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
    const [booking] = await database.db.insert(bookings).values({
      ...scope, resourceId: resource!.id, customerId: person!.id, status: 'confirmed', startsAt, endsAt, blocked: { start: startsAt, end: endsAt },
      serviceName: 'Haircut', priceAmount: 4000, depositAmount: 4000, currency: 'EUR', timeZone: 'Europe/Madrid',
    }).returning()
    const [payment] = await database.db.insert(payments).values({
      ...scope, bookingId: booking!.id, provider: 'stripe', status: 'partially_refunded', amountMinor: 4000, paidMinor: 4000, refundedMinor: 1500, currency: 'EUR',
      checkoutId: `cs_${crypto.randomUUID()}`, providerPaymentId: `pi_${crypto.randomUUID()}`,
    }).returning()
    const [invoice] = await invoiceBooking(database.db, scope, booking!.id, SYSTEM_ACTOR)
    const [refund] = await database.db.insert(paymentRefunds).values({
      paymentId: payment!.id, providerPaymentId: payment!.providerPaymentId!, amountMinor: 1500, currency: 'EUR', reason: 'requested_by_owner', note: 'Shorter session',
      idempotencyKey: `refund:retention:${payment!.id}`, status: 'succeeded', providerRefundId: `re_${crypto.randomUUID()}`,
    }).returning()
    const note = await database.db.transaction(tx => creditRefund(tx, refund!.id))
    expect(note).toMatchObject({ kind: 'credit_note', totalMinor: -1500, correctsInvoiceId: invoice!.id })
    return { customerId: person!.id, bookingId: booking!.id, paymentId: payment!.id, refundId: refund!.id, invoice: invoice!, note: note! }
  }

  async function documents(ids: string[]) {
    return await database.db.select().from(invoices).where(inArray(invoices.id, ids)).orderBy(asc(invoices.totalMinor))
  }

  async function recordsOf(orgId: string) {
    return await database.db.select().from(verifactuRecords).where(eq(verifactuRecords.orgId, orgId)).orderBy(asc(verifactuRecords.position))
  }

  const MARTA = { name: 'Marta Ruiz', email: 'marta@example.com', taxId: null, addressLines: [] }

  it('deleting the customer keeps their invoice, credit note and VeriFactu records, with the customer as printed', async () => {
    const scope = await salon()
    const made = await invoicedAndCredited(scope)
    const recordsBefore = await recordsOf(scope.orgId)
    expect(recordsBefore.map(record => record.kind)).toEqual(['alta', 'alta'])

    // No product path deletes a customer yet (no route, no package function): the row goes, as an erasure would remove it.
    await database.db.delete(customers).where(eq(customers.id, made.customerId))

    const [note, invoice] = await documents([made.invoice.id, made.note.id])
    for (const kept of [invoice!, note!]) {
      expect(kept.customerId).toBeNull()
      expect(kept.customer).toEqual(MARTA)
      expect(kept.projectId).toBe(scope.projectId)
    }
    expect(invoice).toMatchObject({ number: made.invoice.number, status: 'paid', totalMinor: 4000, paidMinor: 4000, bookingId: made.bookingId, paymentId: made.paymentId })
    expect(note).toMatchObject({ number: made.note.number, kind: 'credit_note', totalMinor: -1500, correctsInvoiceId: invoice!.id, refundId: made.refundId })
    // The booking stays too, without its customer, so the invoice still points at it.
    const [booking] = await database.db.select().from(bookings).where(eq(bookings.id, made.bookingId))
    expect(booking!.customerId).toBeNull()
    expect(await recordsOf(scope.orgId)).toEqual(recordsBefore)
    expect(await verifyProjectChains(database.db, scope.orgId, scope.projectId)).toEqual([{ issuerTaxId: 'B12345678', count: 2, valid: true, broken: null }])
  })

  it('deleting the site keeps its invoices, lines, payments and VeriFactu records with the organisation, the site reference set null', async () => {
    const scope = await salon()
    const made = await invoicedAndCredited(scope)
    const recordsBefore = await recordsOf(scope.orgId)

    await database.db.delete(projects).where(eq(projects.id, scope.projectId))

    const [note, invoice] = await documents([made.invoice.id, made.note.id])
    for (const kept of [invoice!, note!]) {
      expect(kept).toMatchObject({ orgId: scope.orgId, projectId: null, customerId: null, bookingId: null, customer: MARTA })
      // The series went with the site; the number printed on the invoice did not.
      expect(kept.seriesId).toBeNull()
      expect(kept.issuer).toMatchObject({ name: 'Salón Lucía S.L.', taxId: 'B12345678' })
    }
    expect(invoice).toMatchObject({ number: made.invoice.number, status: 'paid', totalMinor: 4000, paymentId: null })
    expect(note).toMatchObject({ number: made.note.number, totalMinor: -1500, correctsInvoiceId: invoice!.id, refundId: null })
    expect(await database.db.select({ id: invoiceLines.id }).from(invoiceLines).where(inArray(invoiceLines.invoiceId, [invoice!.id, note!.id]))).toHaveLength(2)
    expect(await database.db.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, invoice!.id))).toEqual([expect.objectContaining({ amountMinor: 4000, method: 'online', paymentId: null })])
    // What went with the site: its settings, series, bookings and payments.
    expect(await database.db.select().from(invoiceProfiles).where(eq(invoiceProfiles.projectId, scope.projectId))).toEqual([])
    expect(await database.db.select().from(invoiceSeries).where(eq(invoiceSeries.projectId, scope.projectId))).toEqual([])
    expect(await database.db.select().from(payments).where(eq(payments.id, made.paymentId))).toEqual([])

    const records = await recordsOf(scope.orgId)
    expect(records).toEqual(recordsBefore.map(record => ({ ...record, projectId: null })))
    // The chain belongs to the organisation's tax id and still verifies, record for record.
    expect(verifyVerifactuChain(records.map(record => ({ ...storedToRecord(record), huella: record.huella })))).toMatchObject({ valid: true })
    expect(await database.db.select().from(verifactuChains).where(eq(verifactuChains.orgId, scope.orgId))).toEqual([expect.objectContaining({ issuerTaxId: 'B12345678', length: 2 })])
  })

  it('deleting the whole organisation removes its invoices, credit notes and VeriFactu records (cascade, as the schema stands)', async () => {
    const scope = await salon()
    const made = await invoicedAndCredited(scope)
    const other = await salon()
    const kept = await invoicedAndCredited(other)

    // What deleteAccount does to an org its owner was alone in: the row goes, at once.
    await database.db.delete(organizations).where(eq(organizations.id, scope.orgId))

    expect(await documents([made.invoice.id, made.note.id])).toEqual([])
    expect(await database.db.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, [made.invoice.id, made.note.id]))).toEqual([])
    expect(await recordsOf(scope.orgId)).toEqual([])
    expect(await database.db.select().from(verifactuChains).where(eq(verifactuChains.orgId, scope.orgId))).toEqual([])
    // Another organisation's books are untouched.
    expect(await documents([kept.invoice.id, kept.note.id])).toHaveLength(2)
    expect(await recordsOf(other.orgId)).toHaveLength(2)
  })
})

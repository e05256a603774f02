import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@flectar/accounts'
import { auditEvents, bookings, customers, invoices, mediaAssets } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { uploadBookingFile } from '@flectar/sites'
import { createLocalDiskStorage, type FileStorage } from '@flectar/storage'
import { solidPng } from '@flectar/storage/testing'
import { countCustomerInvoices, customerDeletionOfInvoice, deleteCustomer, INVOICE_RETENTION_NOTE } from './delete-customer'
import { HOLD_EXPIRED_REASON } from './expire-holds'
import { purgeUnusedBookingFiles } from './purge-unused-booking-files'
import { failure, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

// An erasure request: the customer and what their bookings say about them go; the bookings
// stay unnamed; their invoices are not touched (legal retention) and are counted in the answer.
describe('deleteCustomer', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let root: string
  let storage: FileStorage
  let clinic: BookingProject
  let other: BookingProject
  let actor: Actor
  const NOW = new Date('2026-12-07T12:00:00Z')

  beforeAll(async () => {
    database = await createTestDatabase()
    root = await mkdtemp(path.join(tmpdir(), 'flectar-delete-customer-'))
    storage = createLocalDiskStorage({ root })
    clinic = await seedBookingProject(database.db, 'clinic-erasure')
    other = await seedBookingProject(database.db, 'clinic-erasure-other')
    actor = { userId: clinic.owner.id, context: { ipKey: 'ip-key-of-olga', userAgent: 'Olga\'s browser', location: 'ES' } }
  })
  afterAll(async () => {
    await database?.drop()
    await rm(root, { recursive: true, force: true })
  })

  async function customerOf(project: BookingProject, name: string) {
    const [row] = await database.db.insert(customers).values({ ...project.scope, name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com`, phone: '+34600111222', notes: 'Allergic to latex' }).returning()
    return row!
  }

  async function bookingOf(project: BookingProject, customerId: string, start: string, values: Partial<typeof bookings.$inferInsert> = {}) {
    const resource = await project.addResource({ name: 'Room', timeZone: 'UTC' })
    const startsAt = new Date(start)
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
    const [row] = await database.db.insert(bookings).values({
      ...project.scope, resourceId: resource.id, customerId, startsAt, endsAt, blocked: { start: startsAt, end: endsAt }, status: 'completed',
      serviceName: 'Check-up', priceAmount: 4000, ...values,
    }).returning()
    return row!
  }

  /** An issued invoice and a draft, each with its frozen copy of the customer. */
  async function invoicesOf(project: BookingProject, customerId: string, bookingId: string) {
    const party = { name: 'Marta Ruiz', taxId: '12345678Z', addressLines: ['Calle Sol 2'], email: 'marta@example.com' }
    const issuer = { name: 'Clinic S.L.', taxId: 'B12345678', addressLines: ['Calle Mayor 1'], email: null }
    return await database.db.insert(invoices).values([
      { ...project.scope, kind: 'invoice', status: 'issued', number: 'F2026-0001', year: 2026, sequence: 1, issueDate: '2026-11-02', issuer, customerId, customer: party, bookingId, currency: 'EUR', pricesIncludeTax: true, totalMinor: 4000, issuedAt: new Date('2026-11-02T10:00:00Z') },
      { ...project.scope, kind: 'invoice', status: 'draft', customerId, customer: party, currency: 'EUR', pricesIncludeTax: true, totalMinor: 1000 },
    ]).returning()
  }

  it('erases the customer and what their bookings say about them, keeping the bookings and the invoices untouched', async () => {
    const marta = await customerOf(clinic, 'Marta Ruiz')
    const photo = await uploadBookingFile(database.db, storage, clinic.scope, { filename: 'prescription.png', bytes: solidPng(8) })
    const past = await bookingOf(clinic, marta.id, '2026-11-02T09:00:00Z', {
      notes: 'Prefers mornings', answers: [{ requirementId: crypto.randomUUID(), label: 'Prescription', kind: 'file', value: photo.id }, { requirementId: crypto.randomUUID(), label: 'Allergies', kind: 'text', value: 'Penicillin' }],
    })
    const cancelled = await bookingOf(clinic, marta.id, '2026-12-20T09:00:00Z', { status: 'cancelled', cancelReason: 'My mother is ill', cancelledAt: NOW })
    const expired = await bookingOf(clinic, marta.id, '2026-12-21T09:00:00Z', { status: 'cancelled', cancelReason: HOLD_EXPIRED_REASON, cancelledAt: NOW })
    const documents = await invoicesOf(clinic, marta.id, past.id)
    expect(await countCustomerInvoices(database.db, clinic.scope, marta.id)).toBe(2)

    const result = await deleteCustomer(database.db, clinic.scope, marta.id, actor, NOW)

    expect(result).toEqual({ deleted: true, keptInvoices: 2, legalHold: expect.stringContaining('Their 2 invoices stay, as the law requires') })
    expect(result.legalHold).toContain(INVOICE_RETENTION_NOTE)
    expect(await database.db.select().from(customers).where(eq(customers.id, marta.id))).toEqual([])
    const left = await database.db.select().from(bookings).where(inArray(bookings.id, [past.id, cancelled.id, expired.id]))
    expect(left).toHaveLength(3)
    for (const booking of left) expect(booking).toMatchObject({ customerId: null, answers: [], notes: '', priceAmount: 4000, serviceName: 'Check-up' })
    expect(left.find(booking => booking.id === cancelled.id)!.cancelReason).toBeNull()
    expect(left.find(booking => booking.id === expired.id)!.cancelReason).toBe(HOLD_EXPIRED_REASON)

    // The invoices are exactly as they were, but for the link to the deleted row.
    const kept = await database.db.select().from(invoices).where(inArray(invoices.id, documents.map(document => document.id)))
    expect(kept.map(({ customerId, updatedAt: _updatedAt, ...rest }) => ({ customerId, ...rest })).sort((a, b) => a.totalMinor - b.totalMinor))
      .toEqual(documents.map(({ customerId: _customerId, updatedAt: _updatedAt, ...rest }) => ({ customerId: null, ...rest })).sort((a, b) => a.totalMinor - b.totalMinor))

    // The uploaded file is no longer named by any answer: the daily purge takes it.
    await purgeUnusedBookingFiles(database.db, storage, new Date(photo.createdAt.getTime() + 49 * 3_600_000))
    expect(await database.db.select().from(mediaAssets).where(eq(mediaAssets.id, photo.id))).toEqual([])
    expect(await storage.get(photo.storageKey)).toBeUndefined()

    // The audit row has counts and ids, nothing that says who they were.
    const [row] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'customer.deleted'), eq(auditEvents.targetId, marta.id)))
    expect(row).toMatchObject({ orgId: clinic.org.id, actorUserId: clinic.owner.id, ipKey: 'ip-key-of-olga', targetType: 'customer' })
    expect(row!.metadata).toEqual({ projectId: clinic.project.id, erasedBookings: 3, keptInvoices: 2, invoiceIds: expect.arrayContaining(documents.map(document => document.id)) })
    expect(JSON.stringify(row)).not.toMatch(/Marta|Ruiz|marta@|600111222|latex|Penicillin|mornings|mother/)

    // Each kept invoice can say when its customer went.
    expect(await customerDeletionOfInvoice(database.db, clinic.scope, documents[0]!.id)).toEqual({ deletedAt: row!.createdAt.toISOString() })
    expect(await customerDeletionOfInvoice(database.db, other.scope, documents[0]!.id)).toBeNull()
  })

  it('says nothing about the law when there are no invoices', async () => {
    const nobody = await customerOf(clinic, 'Nuria Sanz')
    expect(await deleteCustomer(database.db, clinic.scope, nobody.id, actor, NOW)).toEqual({ deleted: true, keptInvoices: 0, legalHold: null })
  })

  it('refuses with 409 while a booking is still to come, and changes nothing', async () => {
    const pablo = await customerOf(clinic, 'Pablo Gil')
    const soon = await bookingOf(clinic, pablo.id, '2026-12-09T09:00:00Z', { status: 'confirmed', notes: 'Keep' })
    // Started before now but not yet over: still theirs.
    const now = await bookingOf(clinic, pablo.id, '2026-12-07T11:45:00Z', { status: 'pending' })

    const error = await failure(deleteCustomer(database.db, clinic.scope, pablo.id, actor, NOW))
    expect(error).toMatchObject({ statusCode: 409, code: 'customer_has_upcoming_bookings', message: 'This customer has 2 upcoming bookings. Cancel them first, then delete the customer.' })
    expect(await database.db.select({ id: customers.id }).from(customers).where(eq(customers.id, pablo.id))).toHaveLength(1)
    expect((await database.db.select().from(bookings).where(eq(bookings.id, soon.id)))[0]).toMatchObject({ customerId: pablo.id, notes: 'Keep' })
    expect(await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'customer.deleted'), eq(auditEvents.targetId, pablo.id)))).toEqual([])

    // Once they are cancelled, the customer can go.
    await database.db.update(bookings).set({ status: 'cancelled' }).where(inArray(bookings.id, [soon.id, now.id]))
    expect(await deleteCustomer(database.db, clinic.scope, pablo.id, actor, NOW)).toMatchObject({ deleted: true })
  })

  it('answers 404 for another project\'s customer, or one already deleted, and leaves it alone', async () => {
    const theirs = await customerOf(other, 'Lucia Mora')
    for (const scope of [clinic.scope, { orgId: other.org.id, projectId: clinic.project.id }, { orgId: clinic.org.id, projectId: other.project.id }]) {
      expect(await failure(deleteCustomer(database.db, scope, theirs.id, actor, NOW))).toMatchObject({ statusCode: 404, message: 'Customer not found.' })
    }
    expect(await database.db.select({ id: customers.id }).from(customers).where(eq(customers.id, theirs.id))).toHaveLength(1)
    await deleteCustomer(database.db, other.scope, theirs.id, actor, NOW)
    expect(await failure(deleteCustomer(database.db, other.scope, theirs.id, actor, NOW))).toMatchObject({ statusCode: 404 })
  })
})

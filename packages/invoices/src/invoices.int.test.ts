import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { invoiceLines, invoices, organizations, projects, verifactuRecords } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { ConflictError, InvalidInputError, NotFoundError, parseInput } from '@flectar/errors'
import { createCreditNote, deleteInvoiceDraft, getInvoice, issueDraft, issueInvoice, listInvoices, recordInvoicePayment, saveInvoiceDraft, updateInvoiceDraft, voidInvoice } from './invoices'
import { saveInvoiceProfile } from './profiles'
import { invoiceDraftSchema, invoiceProfileSchema, type InvoiceDraftInput } from './schemas'
import { verifactuHash } from './verifactu'
import { verifyProjectChains } from './verifactu-store'

type Scope = { orgId: string, projectId: string }

/** Drizzle wraps PostgreSQL's error: the trigger's words are in its cause. */
const refusedByTheDatabase = { cause: { message: expect.stringMatching(/cannot be changed/) } }

const profileInput = (overrides: Record<string, unknown> = {}) => parseInput(invoiceProfileSchema, {
  legalName: 'Salón Lucía S.L.', taxId: 'b12345678', addressLines: ['Calle Mayor 1', '28013 Madrid'], email: 'facturas@salon.example',
  defaultTaxRate: 2100, pricesIncludeTax: true, paymentTermsDays: 15, language: 'es', bookingInvoices: 'on_demand', bookingInvoiceKind: 'simplified',
  verifactu: false, verifactuEnvironment: 'test',
  invoiceSeries: { prefix: 'F', yearlyReset: true, firstNumber: 1, digits: 4 },
  creditNoteSeries: { prefix: 'R', yearlyReset: true, firstNumber: 1, digits: 4 },
  ...overrides,
})

const draftInput = (overrides: Partial<InvoiceDraftInput> = {}): InvoiceDraftInput => parseInput(invoiceDraftSchema, {
  kind: 'simplified',
  lines: [{ description: 'Corte y peinado', quantityMilli: 1000, unitPriceMinor: 4500, taxRate: 2100 }],
  ...overrides,
})

describe('invoices: drafts, gapless numbering, credit notes and the VeriFactu chain', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let salon: Scope
  let stranger: Scope

  async function projectOf(orgId: string, slug: string): Promise<Scope> {
    const [project] = await database.db.insert(projects).values({ orgId, name: slug, slug, timeZone: 'Europe/Madrid', defaultLocale: 'es' }).returning()
    return { orgId, projectId: project!.id }
  }
  async function issued(scope: Scope, issueDate: string, overrides: Partial<InvoiceDraftInput> = {}) {
    const draft = await saveInvoiceDraft(database.db, scope, draftInput(overrides), SYSTEM_ACTOR)
    return await issueInvoice(database.db, scope, draft.id, { issueDate }, SYSTEM_ACTOR)
  }

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Salon', slug: 'salon' }).returning()
    const [other] = await database.db.insert(organizations).values({ name: 'Other', slug: 'other' }).returning()
    salon = await projectOf(org!.id, 'salon-site')
    stranger = await projectOf(other!.id, 'stranger-site')
    await saveInvoiceProfile(database.db, salon, profileInput(), SYSTEM_ACTOR)
    await saveInvoiceProfile(database.db, stranger, profileInput({ legalName: 'Other S.L.' }), SYSTEM_ACTOR)
  })
  afterAll(async () => {
    await database?.drop()
  })

  it('a project without an invoice profile cannot invoice (409, says what to do)', async () => {
    const bare = await projectOf(salon.orgId, 'bare-site')
    const error = await saveInvoiceDraft(database.db, bare, draftInput(), SYSTEM_ACTOR).catch(caught => caught)
    expect(error).toBeInstanceOf(ConflictError)
    expect(error.message).toMatch(/legal name and tax id/)
  })

  it('50 concurrent issues in one series take the numbers 1..50, no gap, no repeat', async () => {
    const scope = await projectOf(salon.orgId, 'busy-site')
    await saveInvoiceProfile(database.db, scope, profileInput({ invoiceSeries: { prefix: 'T', yearlyReset: true, firstNumber: 1, digits: 4 } }), SYSTEM_ACTOR)
    const drafts = await Promise.all(Array.from({ length: 50 }, () => saveInvoiceDraft(database.db, scope, draftInput(), SYSTEM_ACTOR)))
    const results = await Promise.all(drafts.map(draft => issueInvoice(database.db, scope, draft.id, { issueDate: '2026-03-02' }, SYSTEM_ACTOR)))
    expect(results.map(result => result.sequence).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1))
    expect(new Set(results.map(result => result.number)).size).toBe(50)
    expect(results.map(result => result.number)).toContain('T2026-0050')
  })

  it('a failed issue leaves no gap: the next invoice gets the number it would have taken', async () => {
    const first = await issued(salon, '2026-04-01')
    // The issuing transaction fails after the number was taken (whatever else it does, fails).
    const failing = await saveInvoiceDraft(database.db, salon, draftInput(), SYSTEM_ACTOR)
    const boom = await database.db.transaction(async (tx) => {
      const taken = await issueDraft(tx, salon, failing.id, { issueDate: '2026-04-01' }, SYSTEM_ACTOR)
      expect(taken.sequence).toBe(first.sequence! + 1)
      throw new Error('boom')
    }).catch(caught => caught)
    expect(boom.message).toBe('boom')
    // A full invoice without the customer's tax id is refused.
    const invalid = await saveInvoiceDraft(database.db, salon, draftInput(), SYSTEM_ACTOR)
    await database.db.execute(sql`update invoices set kind = 'invoice' where id = ${invalid.id}`)
    await expect(issueInvoice(database.db, salon, invalid.id, { issueDate: '2026-04-01' }, SYSTEM_ACTOR)).rejects.toBeInstanceOf(InvalidInputError)
    // And one dated before the series' last invoice is refused (numbers follow dates).
    const early = await saveInvoiceDraft(database.db, salon, draftInput(), SYSTEM_ACTOR)
    const error = await issueInvoice(database.db, salon, early.id, { issueDate: '2026-03-31' }, SYSTEM_ACTOR).catch(caught => caught)
    expect(error).toBeInstanceOf(ConflictError)
    expect(error.code).toBe('invoice_date_before_last')
    const next = await issued(salon, '2026-04-02')
    expect(next.sequence).toBe(first.sequence! + 1)
    expect((await getInvoice(database.db, salon, invalid.id)).status).toBe('draft')
    expect((await getInvoice(database.db, salon, failing.id)).status).toBe('draft')
  })

  it('yearly reset starts each year at 1; without reset numbering runs on', async () => {
    const scope = await projectOf(salon.orgId, 'year-site')
    await saveInvoiceProfile(database.db, scope, profileInput(), SYSTEM_ACTOR)
    expect((await issued(scope, '2026-12-31')).number).toBe('F2026-0001')
    expect((await issued(scope, '2026-12-31')).number).toBe('F2026-0002')
    expect((await issued(scope, '2027-01-01')).number).toBe('F2027-0001')
    const running = await projectOf(salon.orgId, 'running-site')
    await saveInvoiceProfile(database.db, running, profileInput({ invoiceSeries: { prefix: 'A-', yearlyReset: false, firstNumber: 120, digits: 5 } }), SYSTEM_ACTOR)
    expect((await issued(running, '2026-12-31')).number).toBe('A-00120')
    expect((await issued(running, '2027-01-01')).number).toBe('A-00121')
  })

  it('an issued invoice cannot be edited or deleted, by the API nor by the database', async () => {
    const invoice = await issued(salon, '2026-05-01')
    await expect(updateInvoiceDraft(database.db, salon, invoice.id, draftInput(), SYSTEM_ACTOR)).rejects.toBeInstanceOf(ConflictError)
    await expect(deleteInvoiceDraft(database.db, salon, invoice.id, SYSTEM_ACTOR)).rejects.toBeInstanceOf(ConflictError)
    await expect(database.db.update(invoices).set({ totalMinor: 1 }).where(eq(invoices.id, invoice.id))).rejects.toMatchObject(refusedByTheDatabase)
    await expect(database.db.update(invoiceLines).set({ unitPriceMinor: 1 }).where(eq(invoiceLines.invoiceId, invoice.id))).rejects.toMatchObject(refusedByTheDatabase)
    const draft = await saveInvoiceDraft(database.db, salon, draftInput(), SYSTEM_ACTOR)
    await updateInvoiceDraft(database.db, salon, draft.id, draftInput({ lines: [{ description: 'Tinte', quantityMilli: 2000, unitPriceMinor: 3000, discountMinor: 500, taxRate: 2100 }] }), SYSTEM_ACTOR)
    expect((await getInvoice(database.db, salon, draft.id)).totalMinor).toBe(5500)
    await deleteInvoiceDraft(database.db, salon, draft.id, SYSTEM_ACTOR)
    await expect(getInvoice(database.db, salon, draft.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('payments make an invoice partially paid, then paid; a credit note reduces what is due', async () => {
    const invoice = await issued(salon, '2026-06-01', { lines: [{ description: 'Bono 5 sesiones', quantityMilli: 1000, unitPriceMinor: 20000, discountMinor: 0, taxRate: 2100 }] })
    expect(invoice.dueDate).toBe('2026-06-16')
    expect((await recordInvoicePayment(database.db, salon, invoice.id, { amountMinor: 5000, method: 'cash', paidOn: '2026-06-02', note: '' }, SYSTEM_ACTOR)).status).toBe('partially_paid')
    await expect(recordInvoicePayment(database.db, salon, invoice.id, { amountMinor: 15001, method: 'cash', paidOn: '2026-06-02', note: '' }, SYSTEM_ACTOR)).rejects.toBeInstanceOf(InvalidInputError)
    const credit = await createCreditNote(database.db, salon, invoice.id, { reason: 'Una sesión no disfrutada', lines: [{ description: 'Sesión', quantityMilli: 1000, unitPriceMinor: 4000, discountMinor: 0, taxRate: 2100 }] }, SYSTEM_ACTOR)
    expect(credit).toMatchObject({ kind: 'credit_note', status: 'issued', totalMinor: -4000, correctsInvoiceId: invoice.id })
    expect(credit.number).toMatch(/^R2026-\d{4}$/)
    expect((await getInvoice(database.db, salon, invoice.id)).dueMinor).toBe(20000 - 4000 - 5000)
    expect((await recordInvoicePayment(database.db, salon, invoice.id, { amountMinor: 11000, method: 'transfer', paidOn: '2026-06-03', note: '' }, SYSTEM_ACTOR)).status).toBe('paid')
    // What is left to credit is the rest of the total: 16,000.
    await expect(createCreditNote(database.db, salon, invoice.id, { reason: 'Too much', lines: [{ description: 'x', quantityMilli: 1000, unitPriceMinor: 16001, discountMinor: 0, taxRate: 2100 }] }, SYSTEM_ACTOR)).rejects.toBeInstanceOf(InvalidInputError)
    const rest = await createCreditNote(database.db, salon, invoice.id, { reason: 'Cancelado' }, SYSTEM_ACTOR)
    expect(rest.totalMinor).toBe(-16000)
    await expect(createCreditNote(database.db, salon, invoice.id, { reason: 'Again' }, SYSTEM_ACTOR)).rejects.toBeInstanceOf(ConflictError)
    const detail = await getInvoice(database.db, salon, invoice.id)
    expect(detail.creditNotes.map(note => note.totalMinor)).toEqual([-4000, -16000])
  })

  it('void keeps the number and refuses an invoice with money against it', async () => {
    const invoice = await issued(salon, '2026-07-01')
    const voided = await voidInvoice(database.db, salon, invoice.id, 'Emitida por error', SYSTEM_ACTOR)
    expect(voided).toMatchObject({ status: 'void', number: invoice.number, voidReason: 'Emitida por error' })
    const paid = await issued(salon, '2026-07-01')
    await recordInvoicePayment(database.db, salon, paid.id, { amountMinor: 100, method: 'card', paidOn: '2026-07-01', note: '' }, SYSTEM_ACTOR)
    await expect(voidInvoice(database.db, salon, paid.id, 'x', SYSTEM_ACTOR)).rejects.toBeInstanceOf(ConflictError)
  })

  it('with VeriFactu on, every issue and void appends a chained record, and the chain verifies', async () => {
    const scope = await projectOf(salon.orgId, 'verifactu-site')
    await saveInvoiceProfile(database.db, scope, profileInput({ taxId: '89890001K', verifactu: true }), SYSTEM_ACTOR)
    const first = await issued(scope, '2026-08-01')
    const second = await issued(scope, '2026-08-02', { lines: [
      { description: 'Corte', quantityMilli: 1000, unitPriceMinor: 2420, discountMinor: 0, taxRate: 2100 },
      { description: 'Libro', quantityMilli: 1000, unitPriceMinor: 1040, discountMinor: 0, taxRate: 400 },
    ] })
    await createCreditNote(database.db, scope, second.id, { reason: 'Devolución' }, SYSTEM_ACTOR)
    await voidInvoice(database.db, scope, first.id, 'Emitida por error', SYSTEM_ACTOR)
    const records = await database.db.select().from(verifactuRecords).where(and(eq(verifactuRecords.orgId, scope.orgId), eq(verifactuRecords.issuerTaxId, '89890001K'))).orderBy(verifactuRecords.position)
    expect(records.map(record => record.kind)).toEqual(['alta', 'alta', 'alta', 'anulacion'])
    expect(records[0]!.record).toMatchObject({ idEmisorFactura: '89890001K', numSerieFactura: 'F2026-0001', fechaExpedicionFactura: '01-08-2026', tipoFactura: 'F2', cuotaTotal: '7.81', importeTotal: '45.00', huellaAnterior: '' })
    expect(records[1]!.record).toMatchObject({ tipoFactura: 'F2', cuotaTotal: '4.60', importeTotal: '34.60', huellaAnterior: records[0]!.huella })
    expect(records[2]!.record).toMatchObject({ tipoFactura: 'R5', importeTotal: '-34.60', huellaAnterior: records[1]!.huella })
    expect(records[3]!.record).toMatchObject({ idEmisorFacturaAnulada: '89890001K', numSerieFacturaAnulada: 'F2026-0001', huellaAnterior: records[2]!.huella })
    expect(records[0]!.record.fechaHoraHusoGenRegistro).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
    for (const record of records) expect(verifactuHash({ kind: record.kind, ...record.record } as Parameters<typeof verifactuHash>[0])).toBe(record.huella)
    expect(await verifyProjectChains(database.db, scope.orgId, scope.projectId)).toEqual([{ issuerTaxId: '89890001K', count: 4, valid: true, broken: null }])
    // The database refuses to change a record; a record rewritten behind its back is found.
    await expect(database.db.update(verifactuRecords).set({ huella: 'X' }).where(eq(verifactuRecords.id, records[1]!.id))).rejects.toMatchObject(refusedByTheDatabase)
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table verifactu_records disable trigger verifactu_records_are_immutable`)
      await tx.execute(sql`update verifactu_records set record = jsonb_set(record, '{importeTotal}', '"99.99"') where id = ${records[1]!.id}`)
      await tx.execute(sql`alter table verifactu_records enable trigger verifactu_records_are_immutable`)
    })
    expect(await verifyProjectChains(database.db, scope.orgId, scope.projectId)).toEqual([
      { issuerTaxId: '89890001K', count: 4, valid: false, broken: { position: 2, invoiceId: second.id, reason: 'hash_mismatch' } },
    ])
  })

  it('the list filters and searches, and never shows another tenant\'s invoices', async () => {
    const customer = { name: 'Marta Ruiz', taxId: '12345678Z', addressLines: ['Calle Luna 3'], email: 'marta@example.com' }
    const full = await issued(salon, '2026-09-01', { kind: 'invoice', customer })
    const found = await listInvoices(database.db, salon, { q: 'marta', limit: 50, offset: 0 })
    expect(found.invoices.map(invoice => invoice.id)).toEqual([full.id])
    expect(found.invoices[0]).toMatchObject({ customerName: 'Marta Ruiz', kind: 'invoice', number: full.number })
    expect((await listInvoices(database.db, salon, { kind: 'credit_note', limit: 50, offset: 0 })).invoices.every(invoice => invoice.kind === 'credit_note')).toBe(true)
    expect((await listInvoices(database.db, stranger, { limit: 50, offset: 0 })).total).toBe(0)
    await expect(getInvoice(database.db, stranger, full.id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(issueInvoice(database.db, stranger, full.id, {}, SYSTEM_ACTOR)).rejects.toBeInstanceOf(NotFoundError)
  })
})

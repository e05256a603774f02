import { and, asc, desc, eq, gte, ilike, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { customers, invoiceLines, invoicePayments, invoices, projects, verifactuRecords, type Db, type DbOrTx, type InvoiceParty } from '@flectar/db'
import { ConflictError, InvalidInputError, NotFoundError } from '@flectar/errors'
import { auditProjectChange, type ProjectScope } from '@flectar/sites'
import { takeInvoiceNumber } from './numbering'
import { requireInvoiceProfile, type InvoiceProfileView } from './profiles'
import type { CreditNoteInput, InvoiceDraftInput, InvoiceKind, InvoiceLineInput, InvoiceListQuery, InvoiceStatus, RecordInvoicePaymentInput } from './schemas'
import { computeInvoiceTotals } from './totals'
import { appendAltaRecord, appendAnulacionRecord } from './verifactu-store'

/*
 * The invoice lifecycle: draft (edited or deleted freely, no number) → issued (numbered in its
 * series in the issuing transaction, parties frozen, immutable) → partially paid / paid, or
 * void. A correction is a credit note: an issued invoice of its own, in the credit-note series,
 * with negative amounts and a reference to what it corrects. Every action is audited.
 */

export type Invoice = typeof invoices.$inferSelect
export type InvoiceLine = typeof invoiceLines.$inferSelect

export interface InvoiceDetail extends Invoice {
  lines: InvoiceLine[]
  payments: Array<typeof invoicePayments.$inferSelect>
  creditNotes: Array<Pick<Invoice, 'id' | 'number' | 'issueDate' | 'totalMinor' | 'status'>>
  corrects: Pick<Invoice, 'id' | 'number' | 'issueDate' | 'kind'> | null
  verifactu: Array<Pick<typeof verifactuRecords.$inferSelect, 'id' | 'kind' | 'position' | 'huella' | 'createdAt'>>
  /** What the customer still owes: the total, less payments and credit notes. */
  dueMinor: number
}

const scoped = (scope: ProjectScope, id: string) => and(eq(invoices.id, id), eq(invoices.orgId, scope.orgId), eq(invoices.projectId, scope.projectId))

async function lockInvoice(tx: DbOrTx, scope: ProjectScope, id: string): Promise<Invoice> {
  const [invoice] = await tx.select().from(invoices).where(scoped(scope, id)).for('update')
  if (!invoice) throw new NotFoundError('There is no such invoice.', 'invoice_not_found')
  return invoice
}

/** The customer a draft names: a customer of this project, whose details fill what was left out. */
async function resolveCustomer(tx: DbOrTx, scope: ProjectScope, input: Pick<InvoiceDraftInput, 'customerId' | 'customer'>): Promise<InvoiceParty | null> {
  if (!input.customerId) return input.customer ? { ...input.customer } : null
  const [row] = await tx.select().from(customers)
    .where(and(eq(customers.id, input.customerId), eq(customers.projectId, scope.projectId), eq(customers.orgId, scope.orgId)))
  if (!row) throw new InvalidInputError({ customerId: 'There is no such customer on this site.' })
  return {
    name: input.customer?.name ?? row.name,
    taxId: input.customer?.taxId ?? null,
    addressLines: input.customer?.addressLines ?? [],
    email: input.customer?.email ?? row.email,
  }
}

async function writeLines(tx: DbOrTx, invoiceId: string, lines: readonly InvoiceLineInput[], pricesIncludeTax: boolean) {
  const totals = computeInvoiceTotals(lines, pricesIncludeTax)
  await tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId))
  await tx.insert(invoiceLines).values(lines.map((line, position) => ({ ...line, invoiceId, position, amountMinor: totals.lineAmounts[position]! })))
  return totals
}

const totalsColumns = (totals: ReturnType<typeof computeInvoiceTotals>) => ({ baseMinor: totals.baseMinor, taxMinor: totals.taxMinor, totalMinor: totals.totalMinor })

export interface NewDraft extends InvoiceDraftInput {
  bookingId?: string | null
  paymentId?: string | null
}

export async function createInvoiceDraft(tx: DbOrTx, scope: ProjectScope, profile: InvoiceProfileView, input: NewDraft, actor: Actor): Promise<Invoice> {
  const customer = await resolveCustomer(tx, scope, input)
  const pricesIncludeTax = input.pricesIncludeTax ?? profile.pricesIncludeTax
  const [draft] = await tx.insert(invoices).values({
    orgId: scope.orgId, projectId: scope.projectId, kind: input.kind, status: 'draft', customerId: input.customerId, customer,
    currency: profile.currency, pricesIncludeTax, dueDate: input.dueDate, notes: input.notes,
    paymentTerms: profile.paymentTerms, footer: profile.footer, language: profile.language,
    bookingId: input.bookingId ?? null, paymentId: input.paymentId ?? null,
  }).returning()
  const totals = await writeLines(tx, draft!.id, input.lines, pricesIncludeTax)
  const [stored] = await tx.update(invoices).set(totalsColumns(totals)).where(eq(invoices.id, draft!.id)).returning()
  await auditProjectChange(tx, actor, scope, { action: 'invoice.draft_created', targetType: 'invoice', targetId: draft!.id, metadata: { kind: input.kind, totalMinor: totals.totalMinor } })
  return stored!
}

export async function saveInvoiceDraft(db: Db, scope: ProjectScope, input: InvoiceDraftInput, actor: Actor): Promise<Invoice> {
  return await db.transaction(async tx => createInvoiceDraft(tx, scope, await requireInvoiceProfile(tx, scope), input, actor))
}

export async function updateInvoiceDraft(db: Db, scope: ProjectScope, id: string, input: InvoiceDraftInput, actor: Actor): Promise<Invoice> {
  return await db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, scope, id)
    if (invoice.status !== 'draft') throw new ConflictError('An issued invoice cannot be edited; issue a credit note to correct it.', 'invoice_not_draft')
    const customer = await resolveCustomer(tx, scope, input)
    const pricesIncludeTax = input.pricesIncludeTax ?? invoice.pricesIncludeTax
    const totals = await writeLines(tx, id, input.lines, pricesIncludeTax)
    const [stored] = await tx.update(invoices).set({
      kind: input.kind, customerId: input.customerId, customer, pricesIncludeTax, dueDate: input.dueDate, notes: input.notes,
      ...totalsColumns(totals), updatedAt: new Date(),
    }).where(eq(invoices.id, id)).returning()
    await auditProjectChange(tx, actor, scope, { action: 'invoice.draft_updated', targetType: 'invoice', targetId: id, metadata: { totalMinor: totals.totalMinor } })
    return stored!
  })
}

export async function deleteInvoiceDraft(db: Db, scope: ProjectScope, id: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, scope, id)
    if (invoice.status !== 'draft') throw new ConflictError('An issued invoice is kept for good; void it or issue a credit note instead.', 'invoice_not_draft')
    await tx.delete(invoices).where(eq(invoices.id, id))
    await auditProjectChange(tx, actor, scope, { action: 'invoice.draft_deleted', targetType: 'invoice', targetId: id, metadata: {} })
  })
}

/** Today's date in the project's time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

async function projectTimeZone(tx: DbOrTx, scope: ProjectScope): Promise<string> {
  const [project] = await tx.select({ timeZone: projects.timeZone }).from(projects).where(eq(projects.id, scope.projectId))
  return project?.timeZone ?? 'UTC'
}

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + days)
  return day.toISOString().slice(0, 10)
}

function issuerParty(profile: InvoiceProfileView): InvoiceParty {
  return { name: profile.legalName, taxId: profile.taxId, addressLines: profile.addressLines, email: profile.email, phone: profile.phone }
}

function operationDescription(lines: readonly Pick<InvoiceLine, 'description'>[]): string {
  const text = lines.map(line => line.description).join('; ')
  return text.length > 500 ? `${text.slice(0, 497)}...` : text
}

export interface IssueOptions {
  issueDate?: string
  now?: Date
}

/**
 * Issues a draft in one transaction: the number is taken, the issuer frozen, the VeriFactu
 * record appended when the profile has it on. Any failure rolls all of it back, the number too.
 */
export async function issueDraft(tx: DbOrTx, scope: ProjectScope, id: string, options: IssueOptions, actor: Actor): Promise<Invoice> {
  const now = options.now ?? new Date()
  const invoice = await lockInvoice(tx, scope, id)
  if (invoice.status !== 'draft') throw new ConflictError(`This invoice is already issued as ${invoice.number}.`, 'invoice_already_issued')
  const profile = await requireInvoiceProfile(tx, scope)
  if (invoice.kind === 'invoice' && !invoice.customer?.taxId) throw new InvalidInputError({ 'customer.taxId': 'A full invoice needs the customer\'s tax id before it is issued.' })
  const timeZone = await projectTimeZone(tx, scope)
  const issueDate = options.issueDate ?? todayIn(timeZone, now)
  const series = invoice.kind === 'credit_note' ? profile.creditNoteSeries : profile.invoiceSeries
  // Everything that needs no number is read first: the series stays locked as briefly as it can.
  const lines = profile.verifactu ? await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id)).orderBy(asc(invoiceLines.position)) : []
  const corrected = profile.verifactu && invoice.correctsInvoiceId
    ? (await tx.select({ kind: invoices.kind, number: invoices.number, issueDate: invoices.issueDate }).from(invoices).where(eq(invoices.id, invoice.correctsInvoiceId)))[0] ?? null
    : null
  const taken = await takeInvoiceNumber(tx, series, issueDate)
  const [issued] = await tx.update(invoices).set({
    status: 'issued', seriesId: series.id, year: taken.year, sequence: taken.sequence, number: taken.number, issueDate,
    dueDate: invoice.dueDate ?? (invoice.kind === 'credit_note' ? null : addDays(issueDate, profile.paymentTermsDays)),
    issuer: issuerParty(profile), issuedAt: now, updatedAt: now,
  }).where(eq(invoices.id, id)).returning()
  if (profile.verifactu) {
    await appendAltaRecord(tx, {
      invoice: issued!, rates: computeInvoiceTotals(lines, issued!.pricesIncludeTax).rates,
      description: operationDescription(lines), corrected, timeZone, now,
    })
  }
  await auditProjectChange(tx, actor, scope, {
    action: 'invoice.issued', targetType: 'invoice', targetId: id,
    metadata: { number: taken.number, kind: invoice.kind, totalMinor: invoice.totalMinor, currency: invoice.currency, verifactu: profile.verifactu },
  })
  return issued!
}

export async function issueInvoice(db: Db, scope: ProjectScope, id: string, options: IssueOptions, actor: Actor): Promise<Invoice> {
  return await db.transaction(async tx => issueDraft(tx, scope, id, options, actor))
}

async function creditedMinor(tx: DbOrTx, invoiceId: string): Promise<number> {
  const [row] = await tx.select({ sum: sql<number>`coalesce(sum(${invoices.totalMinor}), 0)::int` }).from(invoices)
    .where(and(eq(invoices.correctsInvoiceId, invoiceId), ne(invoices.status, 'void'), ne(invoices.status, 'draft')))
  return row!.sum
}

/** paid once payments cover what credit notes left of the total; partially paid while some do. */
function paymentStatus(totalMinor: number, paidMinor: number, credited: number): InvoiceStatus {
  if (paidMinor <= 0) return 'issued'
  return paidMinor >= totalMinor + credited ? 'paid' : 'partially_paid'
}

export interface PaymentRecord extends Omit<RecordInvoicePaymentInput, 'method'> {
  paymentId?: string | null
  method: 'cash' | 'card' | 'transfer' | 'online'
}

export async function addInvoicePayment(tx: DbOrTx, scope: ProjectScope, id: string, input: PaymentRecord, actor: Actor): Promise<Invoice> {
  const invoice = await lockInvoice(tx, scope, id)
  if (invoice.kind === 'credit_note') throw new ConflictError('A credit note is not paid; record the refund on the payment.', 'invoice_is_credit_note')
  if (invoice.status === 'draft' || invoice.status === 'void') throw new ConflictError('Only an issued invoice can be paid.', 'invoice_not_payable')
  const credited = await creditedMinor(tx, id)
  const due = invoice.totalMinor + credited - invoice.paidMinor
  if (due <= 0) throw new ConflictError('This invoice is already paid in full.', 'invoice_already_paid')
  if (input.amountMinor > due) throw new InvalidInputError({ amountMinor: `must be at most ${due} cents (what is still due)` })
  await tx.insert(invoicePayments).values({ invoiceId: id, amountMinor: input.amountMinor, method: input.method, paidOn: input.paidOn, note: input.note, paymentId: input.paymentId ?? null })
  const paidMinor = invoice.paidMinor + input.amountMinor
  const [stored] = await tx.update(invoices).set({ paidMinor, status: paymentStatus(invoice.totalMinor, paidMinor, credited), updatedAt: new Date() })
    .where(eq(invoices.id, id)).returning()
  await auditProjectChange(tx, actor, scope, { action: 'invoice.payment_recorded', targetType: 'invoice', targetId: id, metadata: { amountMinor: input.amountMinor, method: input.method, number: invoice.number } })
  return stored!
}

export async function recordInvoicePayment(db: Db, scope: ProjectScope, id: string, input: RecordInvoicePaymentInput, actor: Actor): Promise<Invoice> {
  return await db.transaction(async tx => addInvoicePayment(tx, scope, id, input, actor))
}

/**
 * Voids an issued invoice that was issued in error (nothing paid, nothing credited): it keeps
 * its number, is marked void with the reason, and VeriFactu gets a registro de anulación.
 */
export async function voidInvoice(db: Db, scope: ProjectScope, id: string, reason: string, actor: Actor, now = new Date()): Promise<Invoice> {
  return await db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, scope, id)
    if (invoice.status === 'draft') throw new ConflictError('A draft is deleted, not voided.', 'invoice_not_issued')
    if (invoice.status === 'void') throw new ConflictError('This invoice is already void.', 'invoice_already_void')
    if (invoice.paidMinor > 0) throw new ConflictError('Money was received against this invoice; issue a credit note instead.', 'invoice_has_payments')
    if (await creditedMinor(tx, id) !== 0) throw new ConflictError('This invoice has credit notes; it cannot be voided.', 'invoice_has_credit_notes')
    const [voided] = await tx.update(invoices).set({ status: 'void', voidReason: reason, updatedAt: now }).where(eq(invoices.id, id)).returning()
    const [alta] = await tx.select({ id: verifactuRecords.id }).from(verifactuRecords).where(and(eq(verifactuRecords.invoiceId, id), eq(verifactuRecords.kind, 'alta')))
    if (alta) await appendAnulacionRecord(tx, voided!, await projectTimeZone(tx, scope), now)
    await auditProjectChange(tx, actor, scope, { action: 'invoice.voided', targetType: 'invoice', targetId: id, metadata: { number: invoice.number, reason } })
    return voided!
  })
}

export interface CreditNoteOptions extends CreditNoteInput {
  refundId?: string | null
  now?: Date
}

/**
 * Issues a credit note correcting an issued invoice: by default for all that is left of it,
 * or for the lines given (positive amounts, credited as negatives). Never more than is left.
 */
export async function issueCreditNote(tx: DbOrTx, scope: ProjectScope, id: string, input: CreditNoteOptions, actor: Actor): Promise<Invoice> {
  const original = await lockInvoice(tx, scope, id)
  if (original.kind === 'credit_note') throw new ConflictError('A credit note cannot itself be corrected; correct the invoice again.', 'invoice_is_credit_note')
  if (original.status === 'draft' || original.status === 'void') throw new ConflictError('Only an issued invoice can be corrected by a credit note.', 'invoice_not_issued')
  const credited = await creditedMinor(tx, id)
  const left = original.totalMinor + credited
  if (left <= 0) throw new ConflictError('This invoice is already credited in full.', 'invoice_fully_credited')
  const originalLines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id)).orderBy(asc(invoiceLines.position))
  const lines = input.lines
    ? input.lines.map(line => ({ ...line, unitPriceMinor: -Math.abs(line.unitPriceMinor), discountMinor: -Math.abs(line.discountMinor) }))
    : credited === 0
      ? originalLines.map(line => ({ description: line.description, quantityMilli: line.quantityMilli, unitPriceMinor: -line.unitPriceMinor, discountMinor: -line.discountMinor, taxRate: line.taxRate }))
      : creditForAmount(originalLines, left, original.pricesIncludeTax)
  const totals = computeInvoiceTotals(lines, original.pricesIncludeTax)
  if (-totals.totalMinor > left) throw new InvalidInputError({ lines: `The credit note would credit ${-totals.totalMinor} cents; at most ${left} cents are left to credit.` })
  if (totals.totalMinor >= 0) throw new InvalidInputError({ lines: 'A credit note credits an amount above 0.' })
  const [draft] = await tx.insert(invoices).values({
    orgId: scope.orgId, projectId: scope.projectId, kind: 'credit_note', status: 'draft', customerId: original.customerId, customer: original.customer,
    currency: original.currency, pricesIncludeTax: original.pricesIncludeTax, correctsInvoiceId: id, correctionReason: input.reason,
    bookingId: original.bookingId, refundId: input.refundId ?? null, footer: original.footer, language: original.language, notes: input.reason,
  }).returning()
  const written = await writeLines(tx, draft!.id, lines, original.pricesIncludeTax)
  await tx.update(invoices).set(totalsColumns(written)).where(eq(invoices.id, draft!.id))
  const issued = await issueDraft(tx, scope, draft!.id, { now: input.now }, actor)
  // What the customer owes shrinks by the credit; an invoice paid in part may now be paid.
  await tx.update(invoices).set({ status: paymentStatus(original.totalMinor, original.paidMinor, credited + written.totalMinor), updatedAt: new Date() })
    .where(and(eq(invoices.id, id), ne(invoices.status, 'void')))
  return issued
}

/** One line crediting `amount` at the rate of the invoice's (first) line: a partial refund. */
export function creditForAmount(lines: readonly Pick<InvoiceLine, 'description' | 'taxRate'>[], amountMinor: number, pricesIncludeTax: boolean): InvoiceLineInput[] {
  const taxRate = lines[0]?.taxRate ?? 0
  const unit = pricesIncludeTax ? amountMinor : Math.round(amountMinor * 10_000 / (10_000 + taxRate))
  return [{ description: lines[0]?.description ?? 'Refund', quantityMilli: 1000, unitPriceMinor: -unit, discountMinor: 0, taxRate }]
}

export async function createCreditNote(db: Db, scope: ProjectScope, id: string, input: CreditNoteInput, actor: Actor): Promise<Invoice> {
  return await db.transaction(async tx => issueCreditNote(tx, scope, id, input, actor))
}

export async function getInvoice(db: DbOrTx, scope: ProjectScope, id: string): Promise<InvoiceDetail> {
  const [invoice] = await db.select().from(invoices).where(scoped(scope, id))
  if (!invoice) throw new NotFoundError('There is no such invoice.', 'invoice_not_found')
  const [lines, payments, creditNotes, corrects, records] = await Promise.all([
    db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id)).orderBy(asc(invoiceLines.position)),
    db.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, id)).orderBy(asc(invoicePayments.createdAt)),
    db.select({ id: invoices.id, number: invoices.number, issueDate: invoices.issueDate, totalMinor: invoices.totalMinor, status: invoices.status })
      .from(invoices).where(and(eq(invoices.correctsInvoiceId, id), ne(invoices.status, 'draft'))).orderBy(asc(invoices.issuedAt)),
    invoice.correctsInvoiceId
      ? db.select({ id: invoices.id, number: invoices.number, issueDate: invoices.issueDate, kind: invoices.kind }).from(invoices).where(eq(invoices.id, invoice.correctsInvoiceId))
      : Promise.resolve([]),
    db.select({ id: verifactuRecords.id, kind: verifactuRecords.kind, position: verifactuRecords.position, huella: verifactuRecords.huella, createdAt: verifactuRecords.createdAt })
      .from(verifactuRecords).where(eq(verifactuRecords.invoiceId, id)).orderBy(asc(verifactuRecords.id)),
  ])
  const credited = creditNotes.filter(note => note.status !== 'void').reduce((sum, note) => sum + note.totalMinor, 0)
  const dueMinor = invoice.kind === 'credit_note' || invoice.status === 'void' || invoice.status === 'draft' ? 0 : Math.max(0, invoice.totalMinor + credited - invoice.paidMinor)
  return { ...invoice, lines, payments, creditNotes, corrects: corrects[0] ?? null, verifactu: records, dueMinor }
}

export interface InvoiceListItem {
  id: string
  kind: InvoiceKind
  status: InvoiceStatus
  number: string | null
  issueDate: string | null
  dueDate: string | null
  customerName: string | null
  currency: string
  totalMinor: number
  paidMinor: number
  bookingId: string | null
  createdAt: Date
}

export async function listInvoices(db: DbOrTx, scope: ProjectScope, query: InvoiceListQuery): Promise<{ invoices: InvoiceListItem[], total: number }> {
  const conditions: SQL[] = [eq(invoices.orgId, scope.orgId), eq(invoices.projectId, scope.projectId)]
  if (query.status) conditions.push(eq(invoices.status, query.status))
  if (query.kind) conditions.push(eq(invoices.kind, query.kind))
  if (query.from) conditions.push(gte(invoices.issueDate, query.from))
  if (query.to) conditions.push(lte(invoices.issueDate, query.to))
  if (query.bookingId) conditions.push(eq(invoices.bookingId, query.bookingId))
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, match => `\\${match}`)}%`
    conditions.push(or(ilike(invoices.number, pattern), sql`${invoices.customer}->>'name' ilike ${pattern}`, sql`${invoices.customer}->>'taxId' ilike ${pattern}`)!)
  }
  const where = and(...conditions)
  const [rows, [count]] = await Promise.all([
    db.select({
      id: invoices.id, kind: invoices.kind, status: invoices.status, number: invoices.number, issueDate: invoices.issueDate, dueDate: invoices.dueDate,
      customerName: sql<string | null>`${invoices.customer}->>'name'`, currency: invoices.currency, totalMinor: invoices.totalMinor, paidMinor: invoices.paidMinor,
      bookingId: invoices.bookingId, createdAt: invoices.createdAt,
    }).from(invoices).where(where)
      .orderBy(sql`${invoices.issueDate} desc nulls first`, desc(invoices.year), desc(invoices.sequence), desc(invoices.createdAt))
      .limit(query.limit).offset(query.offset),
    db.select({ count: sql<number>`count(*)::int` }).from(invoices).where(where),
  ])
  return { invoices: rows as InvoiceListItem[], total: count!.count }
}

/** Issued invoices and credit notes of a period, oldest first: the accountant's export. */
export async function invoicesOfPeriod(db: DbOrTx, scope: ProjectScope, from: string, to: string) {
  return await db.select().from(invoices)
    .where(and(eq(invoices.orgId, scope.orgId), eq(invoices.projectId, scope.projectId), inArray(invoices.status, ['issued', 'partially_paid', 'paid', 'void']), gte(invoices.issueDate, from), lte(invoices.issueDate, to)))
    .orderBy(asc(invoices.issueDate), asc(invoices.kind), asc(invoices.sequence))
}

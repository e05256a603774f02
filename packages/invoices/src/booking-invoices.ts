import { and, eq, gte, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm'
import { SYSTEM_ACTOR, type Actor } from '@flectar/accounts'
import { bookings, customers, invoiceProfiles, invoices, notificationSettings, paymentRefunds, payments, projects, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import { customerMessageAllowed, emailSubject, enqueueEmail, renderEmail } from '@flectar/messaging'
import { formatMoney } from '@flectar/money'
import type { ProjectScope } from '@flectar/sites'
import { invoiceFileName, projectInvoicePdf, type LogoSource } from './documents'
import { addInvoicePayment, createInvoiceDraft, getInvoice, issueCreditNote, issueDraft, type Invoice } from './invoices'
import { requireInvoiceProfile } from './profiles'

/*
 * Invoices that follow bookings and payments: a paid booking is invoiced (automatically when
 * the profile says so, else when the owner asks), a refund of an invoiced payment issues the
 * matching credit note, and the customer gets each by email with the PDF. The work runs as a
 * job step; unique indexes on (payment) and (refund) make a repeat or a race a no-op.
 */

/** Statuses of a payment where money arrived (even if some went back since). */
const PAID_STATUSES = ['paid', 'partially_refunded', 'refunded', 'disputed', 'dispute_won', 'dispute_lost'] as const

type Booking = typeof bookings.$inferSelect

function when(booking: Booking, language: string): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-ES' : 'en-GB', { timeZone: booking.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(booking.startsAt)
}

/** What a booking's invoice line says: the service and its time, and "Deposit" when it is one. */
export function bookingLineDescription(booking: Booking, amountMinor: number, language: string): string {
  const deposit = amountMinor < booking.priceAmount
  const label = language === 'es' ? (deposit ? 'Señal' : '') : (deposit ? 'Deposit' : '')
  return [label, booking.serviceName || (language === 'es' ? 'Reserva' : 'Booking'), when(booking, language)].filter(Boolean).join(' · ')
}

async function bookingCustomer(tx: DbOrTx, booking: Booking) {
  if (!booking.customerId) return null
  const [customer] = await tx.select().from(customers).where(eq(customers.id, booking.customerId))
  return customer ? { name: customer.name, taxId: null, addressLines: [], email: customer.email } : null
}

/**
 * Invoices one payment of a booking (issued, and paid with the payment), in the caller's
 * transaction. Idempotent: a payment already invoiced answers its invoice (`created: false`).
 */
export async function invoicePayment(tx: DbOrTx, paymentId: string, actor: Actor, now = new Date()): Promise<{ invoice: Invoice, created: boolean }> {
  // Locked first: a second worker (or the owner's click) waits here, then finds the invoice.
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update')
  const [existing] = await tx.select().from(invoices).where(and(eq(invoices.paymentId, paymentId), ne(invoices.kind, 'credit_note')))
  if (existing) return { invoice: existing, created: false }
  if (!payment || payment.paidMinor <= 0) throw new ConflictError('This payment has received no money to invoice.', 'payment_not_paid')
  const scope = { orgId: payment.orgId, projectId: payment.projectId }
  const profile = await requireInvoiceProfile(tx, scope)
  const [booking] = await tx.select().from(bookings).where(eq(bookings.id, payment.bookingId))
  const customer = await bookingCustomer(tx, booking!)
  // A full invoice needs the customer's tax id, which a booking does not ask: simplified then.
  const kind = profile.bookingInvoiceKind === 'invoice' && customer?.taxId ? 'invoice' : 'simplified'
  const draft = await createInvoiceDraft(tx, scope, profile, {
    kind, customerId: null, customer, pricesIncludeTax: true, dueDate: null, notes: '',
    lines: [{ description: bookingLineDescription(booking!, payment.paidMinor, profile.language), quantityMilli: 1000, unitPriceMinor: payment.paidMinor, discountMinor: 0, taxRate: profile.defaultTaxRate }],
    bookingId: booking!.id, paymentId: payment.id,
  }, actor)
  await tx.update(invoices).set({ customerId: booking!.customerId }).where(eq(invoices.id, draft.id))
  const issued = await issueDraft(tx, scope, draft.id, { now }, actor)
  const invoice = await addInvoicePayment(tx, scope, issued.id, {
    amountMinor: payment.paidMinor, method: 'online', paidOn: issued.issueDate!, note: payment.provider, paymentId: payment.id,
  }, actor)
  return { invoice, created: true }
}

/**
 * The owner's "Create invoice" on a booking: its paid payments, each invoiced once; with no
 * payment, one issued invoice of the booking's price, due under the profile's terms.
 */
export async function invoiceBooking(db: Db, scope: ProjectScope, bookingId: string, actor: Actor): Promise<Invoice[]> {
  return await db.transaction(async (tx) => {
    const [booking] = await tx.select().from(bookings)
      .where(and(eq(bookings.id, bookingId), eq(bookings.orgId, scope.orgId), eq(bookings.projectId, scope.projectId))).for('update')
    if (!booking) throw new NotFoundError('There is no such booking.', 'booking_not_found')
    const profile = await requireInvoiceProfile(tx, scope)
    if (profile.bookingInvoices === 'off') throw new ConflictError('Invoices for bookings are switched off in the invoice settings.', 'booking_invoices_off')
    const paid = await tx.select({ id: payments.id }).from(payments)
      .where(and(eq(payments.bookingId, bookingId), inArray(payments.status, [...PAID_STATUSES]), sql`${payments.paidMinor} > 0`))
    if (paid.length > 0) {
      const made: Invoice[] = []
      for (const payment of paid) made.push((await invoicePayment(tx, payment.id, actor)).invoice)
      return made
    }
    const [already] = await tx.select({ id: invoices.id }).from(invoices)
      .where(and(eq(invoices.bookingId, bookingId), ne(invoices.kind, 'credit_note'), ne(invoices.status, 'void')))
    if (already) throw new ConflictError('This booking is invoiced already.', 'booking_already_invoiced')
    if (booking.priceAmount <= 0) throw new ConflictError('This booking has no price to invoice.', 'booking_has_no_price')
    const customer = await bookingCustomer(tx, booking)
    const draft = await createInvoiceDraft(tx, scope, profile, {
      kind: 'simplified', customerId: null, customer, pricesIncludeTax: true, dueDate: null, notes: '',
      lines: [{ description: bookingLineDescription(booking, booking.priceAmount, profile.language), quantityMilli: 1000, unitPriceMinor: booking.priceAmount, discountMinor: 0, taxRate: profile.defaultTaxRate }],
      bookingId,
    }, actor)
    await tx.update(invoices).set({ customerId: booking.customerId }).where(eq(invoices.id, draft.id))
    return [await issueDraft(tx, scope, draft.id, {}, actor)]
  })
}

/** A succeeded refund of an invoiced payment becomes its credit note (once: unique by refund). */
export async function creditRefund(tx: DbOrTx, refundId: string, now = new Date()): Promise<Invoice | null> {
  const [refund] = await tx.select().from(paymentRefunds).where(eq(paymentRefunds.id, refundId)).for('update')
  if (!refund || refund.status !== 'succeeded') return null
  const [already] = await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.refundId, refundId))
  // Credited by another worker meanwhile: nothing more to do here.
  if (already) return null
  const [invoice] = await tx.select().from(invoices)
    .where(and(eq(invoices.paymentId, refund.paymentId), ne(invoices.kind, 'credit_note'), ne(invoices.status, 'void'), ne(invoices.status, 'draft')))
  if (!invoice?.projectId) return null
  const scope = { orgId: invoice.orgId, projectId: invoice.projectId }
  const detail = await getInvoice(tx, scope, invoice.id)
  const reason = refund.reason === 'requested_by_owner' ? (refund.note || 'Refund') : `Refund (${refund.reason.replaceAll('_', ' ')})`
  const left = detail.totalMinor + detail.creditNotes.reduce((sum, note) => sum + note.totalMinor, 0)
  if (left <= 0) return null
  const amount = Math.min(refund.amountMinor, left)
  const line = detail.lines[0]!
  return await issueCreditNote(tx, scope, invoice.id, {
    reason, refundId,
    lines: [{ description: line.description, quantityMilli: 1000, unitPriceMinor: amount, discountMinor: 0, taxRate: line.taxRate }],
    now,
  }, SYSTEM_ACTOR)
}

const EMAIL_TEXT = {
  en: {
    invoice: (number: string, project: string) => ({ subject: `Your invoice ${number} from ${project}`, heading: `Invoice ${number}`, body: `Thank you. Your invoice ${number} from ${project} is attached as a PDF.` }),
    credit_note: (number: string, project: string) => ({ subject: `Credit note ${number} from ${project}`, heading: `Credit note ${number}`, body: `Your refund is confirmed. The credit note ${number} from ${project} is attached as a PDF.` }),
    total: 'Total',
    footer: (project: string) => `You get this email because you booked with ${project}.`,
  },
  es: {
    invoice: (number: string, project: string) => ({ subject: `Tu factura ${number} de ${project}`, heading: `Factura ${number}`, body: `Gracias. Adjuntamos en PDF tu factura ${number} de ${project}.` }),
    credit_note: (number: string, project: string) => ({ subject: `Factura rectificativa ${number} de ${project}`, heading: `Factura rectificativa ${number}`, body: `Tu devolución está confirmada. Adjuntamos en PDF la factura rectificativa ${number} de ${project}.` }),
    total: 'Total',
    footer: (project: string) => `Recibes este correo porque reservaste con ${project}.`,
  },
} as const

/** Emails an issued invoice to its customer with the PDF attached; false when it has no address. */
export async function sendInvoiceEmail(tx: DbOrTx, scope: ProjectScope, invoiceId: string, options: { now?: Date, storage?: LogoSource | null } = {}): Promise<boolean> {
  const detail = await getInvoice(tx, scope, invoiceId)
  if (detail.status === 'draft') throw new ConflictError('Issue the invoice before sending it.', 'invoice_not_issued')
  const to = detail.customer?.email
  if (!to) return false
  const [project] = await tx.select({ name: projects.name }).from(projects).where(eq(projects.id, scope.projectId))
  const texts = EMAIL_TEXT[detail.language === 'es' ? 'es' : 'en']
  const wording = (detail.kind === 'credit_note' ? texts.credit_note : texts.invoice)(detail.number!, project!.name)
  const pdf = await projectInvoicePdf(tx, scope, detail, options.storage ?? null)
  const { html, text } = renderEmail({
    heading: wording.heading, preheader: wording.body, lang: detail.language,
    paragraphs: [wording.body, `${texts.total}: ${formatMoney({ amount: detail.totalMinor, currency: detail.currency }, detail.language)}`],
    footer: texts.footer(project!.name), brandName: project!.name,
  })
  await enqueueEmail(tx, {
    to, subject: emailSubject(wording.subject), text, html, template: detail.kind === 'credit_note' ? 'invoices.credit_note' : 'invoices.invoice',
    orgId: scope.orgId, projectId: scope.projectId,
    attachments: [{ filename: invoiceFileName(detail.number!, 'pdf'), contentType: 'application/pdf', content: pdf.toString('base64') }],
  })
  await tx.update(invoices).set({ sentAt: options.now ?? new Date() }).where(eq(invoices.id, invoiceId))
  return true
}

export interface InvoiceWorkResult {
  invoiced: number
  credited: number
  sent: number
}

/**
 * One pass of the invoice job: invoice payments made since automatic invoicing was switched
 * on, credit succeeded refunds of invoiced payments, and email what a booking's customer has
 * not yet been sent. Each item in its own transaction; a failure is logged and retried next pass.
 */
export async function runInvoiceWork(db: Db, options: { now?: Date, batch?: number, log?: (message: string) => void, storage?: LogoSource | null } = {}): Promise<InvoiceWorkResult> {
  const now = options.now ?? new Date()
  const batch = options.batch ?? 20
  const log = options.log ?? (message => console.warn(message))
  const result: InvoiceWorkResult = { invoiced: 0, credited: 0, sent: 0 }
  const due = await db.select({ id: payments.id }).from(payments)
    .innerJoin(invoiceProfiles, eq(invoiceProfiles.projectId, payments.projectId))
    .leftJoin(invoices, and(eq(invoices.paymentId, payments.id), ne(invoices.kind, 'credit_note')))
    .where(and(eq(invoiceProfiles.bookingInvoices, 'automatic'), isNotNull(invoiceProfiles.automaticSince), gte(payments.updatedAt, invoiceProfiles.automaticSince),
      inArray(payments.status, [...PAID_STATUSES]), sql`${payments.paidMinor} > 0`, isNull(invoices.id)))
    .limit(batch)
  for (const { id } of due) {
    await db.transaction(tx => invoicePayment(tx, id, SYSTEM_ACTOR, now)).then(
      ({ created }) => void (result.invoiced += created ? 1 : 0),
      (error: unknown) => log(`invoices: could not invoice payment ${id}: ${(error as Error).message}`),
    )
  }
  const refunds = await db.select({ id: paymentRefunds.id }).from(paymentRefunds)
    .innerJoin(invoices, and(eq(invoices.paymentId, paymentRefunds.paymentId), ne(invoices.kind, 'credit_note'), ne(invoices.status, 'void'), ne(invoices.status, 'draft')))
    .where(and(eq(paymentRefunds.status, 'succeeded'), sql`not exists (select 1 from invoices c where c.refund_id = ${paymentRefunds.id})`))
    .limit(batch)
  for (const { id } of refunds) {
    await db.transaction(tx => creditRefund(tx, id, now)).then(
      note => void (result.credited += note ? 1 : 0),
      (error: unknown) => log(`invoices: could not credit refund ${id}: ${(error as Error).message}`),
    )
  }
  const unsent = await db.select({ id: invoices.id, orgId: invoices.orgId, projectId: invoices.projectId, kind: invoices.kind }).from(invoices)
    .innerJoin(invoiceProfiles, eq(invoiceProfiles.projectId, invoices.projectId))
    .where(and(eq(invoiceProfiles.bookingInvoices, 'automatic'), isNotNull(invoices.bookingId), isNull(invoices.sentAt), ne(invoices.status, 'draft'), ne(invoices.status, 'void'),
      gte(invoices.issuedAt, new Date(now.getTime() - 24 * 3600_000)), gte(invoices.issuedAt, invoiceProfiles.automaticSince), sql`${invoices.customer}->>'email' is not null`,
      // Invoices the project's notification settings hold back stay out of the batch, so they never crowd out the rest.
      sql`not exists (select 1 from ${notificationSettings} where ${notificationSettings.projectId} = ${invoices.projectId}
        and (${notificationSettings.sendNothing} or ${notificationSettings.events} -> (case when ${invoices.kind} = 'credit_note' then 'refund' else 'payment_received' end) ->> 'email' = 'false'))`))
    .limit(batch)
  for (const row of unsent) {
    await db.transaction(async (tx) => {
      // Switched off since the batch was read: leave it unsent.
      if (!await customerMessageAllowed(tx, row.projectId!, row.kind === 'credit_note' ? 'refund' : 'payment_received', 'email')) return false
      // Claimed by marking it sent: a second worker finds nothing left to send.
      const [claimed] = await tx.update(invoices).set({ sentAt: now }).where(and(eq(invoices.id, row.id), isNull(invoices.sentAt))).returning({ id: invoices.id })
      return claimed ? await sendInvoiceEmail(tx, { orgId: row.orgId, projectId: row.projectId! }, row.id, { now, storage: options.storage }) : false
    }).then(
      sent => void (result.sent += sent ? 1 : 0),
      (error: unknown) => log(`invoices: could not send invoice ${row.id}: ${(error as Error).message}`),
    )
  }
  return result
}

import { sql } from 'drizzle-orm'
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { bookings, customers } from './bookings'
import { organizations } from './orgs'
import { paymentRefunds, payments } from './payments'
import { mediaAssets, projects } from './sites'

/** Who an invoice is from or to, as printed on it: frozen into the invoice when it is issued. */
export interface InvoiceParty {
  name: string
  taxId: string | null
  addressLines: string[]
  email: string | null
  phone?: string | null
}

/**
 * A project's invoicing identity and rules. One per project: the legal fields printed on every
 * invoice, the defaults new invoices start from, and what happens when a booking is paid.
 */
export const invoiceProfiles = pgTable('invoice_profiles', {
  projectId: uuid().primaryKey().references(() => projects.id, { onDelete: 'cascade' }),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  legalName: text().notNull(),
  taxId: text().notNull(),
  addressLines: jsonb().$type<string[]>().notNull().default([]),
  email: text(),
  phone: text(),
  /** An image of the project's media library, printed in the header. */
  logoMediaId: uuid().references(() => mediaAssets.id, { onDelete: 'set null' }),
  accentColor: text(),
  currency: text().notNull().default('EUR'),
  /** Basis points: 2100 is 21 %. */
  defaultTaxRate: integer().notNull().default(2100),
  pricesIncludeTax: boolean().notNull().default(true),
  paymentTermsDays: integer().notNull().default(0),
  paymentTerms: text().notNull().default(''),
  footer: text().notNull().default(''),
  /** en or es: the language of the printed invoice and its email. */
  language: text().notNull().default('en'),
  /** off, on_demand or automatic: what a paid booking does. */
  bookingInvoices: text().notNull().default('on_demand'),
  /** When automatic invoicing was switched on: payments made before it are not invoiced on their own. */
  automaticSince: timestamp({ withTimezone: true }),
  /** invoice or simplified: what a booking's invoice is. */
  bookingInvoiceKind: text().notNull().default('simplified'),
  verifactu: boolean().notNull().default(false),
  /** test or production: which AEAT host the QR points at. */
  verifactuEnvironment: text().notNull().default('test'),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * A numbering series. `invoice` numbers invoices and simplified invoices, `credit_note` the
 * corrections (Spain wants them in a series of their own). With `yearlyReset` each calendar
 * year of the issue date starts again at 1.
 */
export const invoiceSeries = pgTable('invoice_series', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  /** invoice or credit_note. */
  purpose: text().notNull(),
  prefix: text().notNull(),
  yearlyReset: boolean().notNull().default(true),
  /** The number the next issued invoice gets in a series without yearly reset, or in its first year. */
  firstNumber: integer().notNull().default(1),
  digits: integer().notNull().default(4),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [uniqueIndex('invoice_series_purpose_idx').on(table.projectId, table.purpose)])

/**
 * The next number of a series (per year when it resets; year 0 when it does not), and the last
 * issue date: numbers follow issue dates, so an invoice dated before the last one is refused.
 * The row is locked by the issuing transaction, which is what makes numbering gapless: a
 * number is taken only when that transaction commits.
 */
export const invoiceSeriesCounters = pgTable('invoice_series_counters', {
  seriesId: uuid().notNull().references(() => invoiceSeries.id, { onDelete: 'cascade' }),
  year: integer().notNull(),
  nextNumber: integer().notNull(),
  lastIssueDate: date({ mode: 'string' }),
}, table => [primaryKey({ columns: [table.seriesId, table.year] })])

/**
 * An invoice, a simplified invoice or a credit note. A draft may be edited or deleted; once
 * issued its number, parties, lines and totals never change (only its payment state, or a
 * void with its reason), and a correction is a credit note that references it. Kept when the
 * customer, booking or site is deleted (P25, P26): those references become null and the
 * parties are a snapshot.
 */
export const invoices = pgTable('invoices', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  /** Null once the site is deleted: its invoices stay with the organisation (P25). */
  projectId: uuid().references(() => projects.id, { onDelete: 'set null' }),
  /** invoice, simplified or credit_note. */
  kind: text().notNull(),
  /** draft, issued, partially_paid, paid or void. */
  status: text().notNull().default('draft'),
  seriesId: uuid().references(() => invoiceSeries.id, { onDelete: 'set null' }),
  year: integer(),
  sequence: integer(),
  /** The printed number, e.g. F2026-0007; null while a draft. */
  number: text(),
  issueDate: date({ mode: 'string' }),
  dueDate: date({ mode: 'string' }),
  customerId: uuid().references(() => customers.id, { onDelete: 'set null' }),
  issuer: jsonb().$type<InvoiceParty>(),
  customer: jsonb().$type<InvoiceParty>(),
  currency: text().notNull(),
  pricesIncludeTax: boolean().notNull(),
  baseMinor: integer().notNull().default(0),
  taxMinor: integer().notNull().default(0),
  totalMinor: integer().notNull().default(0),
  paidMinor: integer().notNull().default(0),
  /** The invoice a credit note corrects. */
  correctsInvoiceId: uuid(),
  correctionReason: text(),
  bookingId: uuid().references(() => bookings.id, { onDelete: 'set null' }),
  /** The online payment an invoice was made for: at most one invoice per payment. */
  paymentId: uuid().references(() => payments.id, { onDelete: 'set null' }),
  /** The refund a credit note was made for: at most one credit note per refund. */
  refundId: uuid().references(() => paymentRefunds.id, { onDelete: 'set null' }),
  paymentTerms: text().notNull().default(''),
  notes: text().notNull().default(''),
  footer: text().notNull().default(''),
  language: text().notNull().default('en'),
  voidReason: text(),
  /** When the invoice was last emailed to the customer. */
  sentAt: timestamp({ withTimezone: true }),
  issuedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('invoices_series_number_idx').on(table.seriesId, table.year, table.sequence),
  uniqueIndex('invoices_payment_idx').on(table.paymentId).where(sql`kind <> 'credit_note'`),
  uniqueIndex('invoices_refund_idx').on(table.refundId),
  index('invoices_project_created_idx').on(table.projectId, table.createdAt),
  index('invoices_booking_idx').on(table.bookingId),
  index('invoices_corrects_idx').on(table.correctsInvoiceId),
  check('invoices_issued_have_numbers', sql`status = 'draft' or (number is not null and issue_date is not null and issuer is not null)`),
])

/**
 * A line of an invoice. `quantityMilli` is the quantity times 1,000 (1.5 hours is 1500);
 * `amountMinor` is the line as printed (after its discount, with or without tax as the invoice
 * says), `baseMinor`/`taxMinor` its share of the per-rate totals.
 */
export const invoiceLines = pgTable('invoice_lines', {
  id: uuid().primaryKey().defaultRandom(),
  invoiceId: uuid().notNull().references(() => invoices.id, { onDelete: 'cascade' }),
  position: integer().notNull(),
  description: text().notNull(),
  quantityMilli: integer().notNull(),
  unitPriceMinor: integer().notNull(),
  discountMinor: integer().notNull().default(0),
  /** Basis points: 2100 is 21 %. */
  taxRate: integer().notNull(),
  amountMinor: integer().notNull(),
}, table => [uniqueIndex('invoice_lines_position_idx').on(table.invoiceId, table.position)])

/** Money received against an invoice: an online payment, or one the owner records. */
export const invoicePayments = pgTable('invoice_payments', {
  id: uuid().primaryKey().defaultRandom(),
  invoiceId: uuid().notNull().references(() => invoices.id, { onDelete: 'cascade' }),
  amountMinor: integer().notNull(),
  /** cash, card, transfer or online. */
  method: text().notNull(),
  paidOn: date({ mode: 'string' }).notNull(),
  paymentId: uuid().references(() => payments.id, { onDelete: 'set null' }),
  note: text().notNull().default(''),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * The head of a VeriFactu chain: one per issuer tax id within an organisation. Locked by the
 * transaction that appends a record, so records are chained one after another.
 */
export const verifactuChains = pgTable('verifactu_chains', {
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  issuerTaxId: text().notNull(),
  length: integer().notNull().default(0),
  lastRecordId: bigint({ mode: 'number' }),
}, table => [primaryKey({ columns: [table.orgId, table.issuerTaxId] })])

/**
 * A VeriFactu registro de alta (an invoice issued) or de anulación (an invoice voided), with
 * the strings exactly as they go into the hash and the XML, and its huella. Never changed.
 */
export const verifactuRecords = pgTable('verifactu_records', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().references(() => projects.id, { onDelete: 'set null' }),
  issuerTaxId: text().notNull(),
  /** 1, 2, 3… within the chain of (orgId, issuerTaxId). */
  position: integer().notNull(),
  invoiceId: uuid().notNull().references(() => invoices.id, { onDelete: 'no action' }),
  /** alta or anulacion. */
  kind: text().notNull(),
  record: jsonb().$type<Record<string, string>>().notNull(),
  /** What the XML carries besides the hashed fields (issuer name, tax breakdown, recipient…). */
  details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  huella: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('verifactu_records_chain_idx').on(table.orgId, table.issuerTaxId, table.position),
  index('verifactu_records_invoice_idx').on(table.invoiceId),
])

import { z } from 'zod'
import { dateText, multiLineText, singleLineText } from '@flectar/validation'

/*
 * The invoices' input schemas, browser-safe (zod and the validation helpers only), so the
 * admin's forms check with the API's own rules and messages.
 */

export const INVOICE_KINDS = ['invoice', 'simplified', 'credit_note'] as const
export type InvoiceKind = (typeof INVOICE_KINDS)[number]
export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'void'] as const
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number]
export const INVOICE_PAYMENT_METHODS = ['cash', 'card', 'transfer', 'online'] as const
export const BOOKING_INVOICE_MODES = ['off', 'on_demand', 'automatic'] as const
export const INVOICE_LANGUAGES = ['en', 'es'] as const

/** A tax rate in basis points, 0 to 100 %: 2100 is 21 %. */
const taxRate = z.int('Enter the tax rate in basis points (2100 is 21 %).').min(0, 'A tax rate cannot be negative.').max(10_000, 'A tax rate is at most 100 %.')
const minor = (what: string) => z.int(`Enter ${what} in cents, a whole number.`).min(-100_000_000_00, `${what} is too large.`).max(100_000_000_00, `${what} is too large.`)
const addressLines = z.array(singleLineText({ max: 120 }), 'Enter the address as lines of text.').max(6, 'Use at most 6 address lines.')
const email = z.email('Enter an email address like name@example.com.').max(254)

export const seriesSchema = z.strictObject({
  prefix: z.string().trim().regex(/^[\w/.-]{0,20}$/, 'Use up to 20 letters, digits, /, -, _ or . for the series prefix.'),
  yearlyReset: z.boolean('Say whether numbering starts again each year.'),
  firstNumber: z.int('Enter the first number as a whole number.').min(1, 'Numbers start at 1 or more.').max(99_999_999),
  digits: z.int('Enter how many digits a number has.').min(1, 'Use 1 to 8 digits.').max(8, 'Use 1 to 8 digits.'),
})

export const invoiceProfileSchema = z.strictObject({
  legalName: singleLineText({ min: 1, max: 120, required: 'Enter the legal name printed on invoices.' }),
  taxId: z.string().trim().regex(/^[A-Z0-9-]{3,20}$/i, 'Enter the tax id (NIF/VAT number): 3 to 20 letters and digits.').transform(value => value.toUpperCase()),
  addressLines,
  email: email.nullable().default(null),
  phone: singleLineText({ max: 40 }).nullable().default(null),
  logoMediaId: z.uuid('Choose an image from the media library.').nullable().default(null),
  accentColor: z.string().regex(/^#[0-9a-f]{6}$/i, 'Use a colour like #0f766e.').nullable().default(null),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter currency code like EUR.').default('EUR'),
  defaultTaxRate: taxRate,
  pricesIncludeTax: z.boolean('Say whether prices include tax.'),
  paymentTermsDays: z.int('Enter the days to pay as a whole number.').min(0).max(365, 'Use at most 365 days.'),
  paymentTerms: multiLineText({ max: 500 }).default(''),
  footer: multiLineText({ max: 500 }).default(''),
  language: z.enum(INVOICE_LANGUAGES, 'Choose English or Spanish.'),
  bookingInvoices: z.enum(BOOKING_INVOICE_MODES, 'Choose off, on demand or automatic.'),
  bookingInvoiceKind: z.enum(['invoice', 'simplified'], 'Choose a full or a simplified invoice.'),
  verifactu: z.boolean('Say whether VeriFactu is on.'),
  verifactuEnvironment: z.enum(['test', 'production'], 'Choose test or production.'),
  invoiceSeries: seriesSchema,
  creditNoteSeries: seriesSchema,
}).superRefine((profile, context) => {
  // VeriFactu records carry a Spanish NIF: 9 letters and digits.
  if (profile.verifactu && !/^[A-Z0-9]{9}$/.test(profile.taxId)) context.addIssue({ code: 'custom', path: ['taxId'], message: 'VeriFactu needs the Spanish NIF: 9 letters and digits, like B12345678.' })
})
export type InvoiceProfileInput = z.infer<typeof invoiceProfileSchema>

export const invoiceLineSchema = z.strictObject({
  description: singleLineText({ min: 1, max: 300, required: 'Describe what is invoiced.' }),
  /** Thousandths: 1500 is 1.5. */
  quantityMilli: z.int('Enter the quantity.').min(1, 'The quantity must be more than 0.').max(1_000_000_000, 'The quantity is too large.'),
  unitPriceMinor: minor('the unit price'),
  discountMinor: minor('the discount').default(0),
  taxRate,
})
export type InvoiceLineInput = z.infer<typeof invoiceLineSchema>

export const invoicePartySchema = z.strictObject({
  name: singleLineText({ min: 1, max: 120, required: 'Enter the customer\'s name.' }),
  taxId: z.string().trim().regex(/^[A-Z0-9-]{3,20}$/i, 'Enter the tax id: 3 to 20 letters and digits.').transform(value => value.toUpperCase()).nullable().default(null),
  addressLines: addressLines.default([]),
  email: email.nullable().default(null),
})

/** A manual invoice's draft, created or replaced whole. */
export const invoiceDraftSchema = z.strictObject({
  kind: z.enum(['invoice', 'simplified'], 'Choose a full or a simplified invoice.'),
  customerId: z.uuid('Choose a customer.').nullable().default(null),
  customer: invoicePartySchema.nullable().default(null),
  pricesIncludeTax: z.boolean('Say whether prices include tax.').optional(),
  dueDate: dateText().nullable().default(null),
  notes: multiLineText({ max: 1000 }).default(''),
  lines: z.array(invoiceLineSchema, 'Add the invoice lines.').min(1, 'Add at least one line.').max(200, 'Use at most 200 lines.'),
}).superRefine((draft, context) => {
  if (draft.kind === 'invoice' && !draft.customer) context.addIssue({ code: 'custom', path: ['customer'], message: 'A full invoice names its customer: enter their name and tax id.' })
  if (draft.kind === 'invoice' && draft.customer && !draft.customer.taxId) context.addIssue({ code: 'custom', path: ['customer', 'taxId'], message: 'A full invoice needs the customer\'s tax id.' })
})
export type InvoiceDraftInput = z.infer<typeof invoiceDraftSchema>

export const issueInvoiceSchema = z.strictObject({
  /** Defaults to today in the site's time zone. */
  issueDate: dateText().optional(),
})

export const recordInvoicePaymentSchema = z.strictObject({
  amountMinor: z.int('Enter the amount in cents.').min(1, 'Enter an amount above 0.'),
  method: z.enum(['cash', 'card', 'transfer'], 'Choose cash, card or transfer.'),
  paidOn: dateText(),
  note: multiLineText({ max: 300 }).default(''),
})
export type RecordInvoicePaymentInput = z.infer<typeof recordInvoicePaymentSchema>

export const creditNoteSchema = z.strictObject({
  reason: singleLineText({ min: 1, max: 300, required: 'Say why the invoice is corrected.' }),
  /** Left out: the whole of what is left of the invoice is credited. */
  lines: z.array(invoiceLineSchema).min(1, 'Add at least one line.').max(200).optional(),
})
export type CreditNoteInput = z.infer<typeof creditNoteSchema>

export const voidInvoiceSchema = z.strictObject({
  reason: singleLineText({ min: 1, max: 300, required: 'Say why the invoice is voided.' }),
})

export const invoiceListQuerySchema = z.object({
  status: z.enum(INVOICE_STATUSES).optional(),
  kind: z.enum(INVOICE_KINDS).optional(),
  q: singleLineText({ max: 100 }).optional(),
  from: dateText().optional(),
  to: dateText().optional(),
  bookingId: z.uuid('Use a booking id.').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type InvoiceListQuery = z.infer<typeof invoiceListQuerySchema>

import { and, eq, inArray, ne } from 'drizzle-orm'
import { zipSync } from 'fflate'
import { invoiceLines, invoices, mediaAssets, type DbOrTx } from '@flectar/db'
import type { ProjectScope } from '@flectar/sites'
import { findInvoiceProfile, type InvoiceProfileView } from './profiles'
import { invoicesOfPeriod, type InvoiceDetail } from './invoices'
import { renderInvoicePdf, type InvoicePdfInput } from './pdf'
import { computeInvoiceTotals } from './totals'
import { VERIFACTU_QR_LEGEND, verifactuDate, verifactuQrUrl } from './verifactu'

/*
 * What an issued invoice becomes for people: its PDF (printed from the frozen snapshot, so a
 * later profile change never alters an issued invoice), and the accountant's exports.
 */

export interface Logo {
  data: Buffer
  mimeType: 'image/png' | 'image/jpeg'
}

/** The QR's URL of an invoice with a VeriFactu alta record, else null. */
export function invoiceQrUrl(invoice: InvoiceDetail, environment: string): string | null {
  if (!invoice.verifactu.some(record => record.kind === 'alta') || !invoice.issuer?.taxId || !invoice.number || !invoice.issueDate) return null
  return verifactuQrUrl({
    nif: invoice.issuer.taxId, numSerie: invoice.number, fecha: verifactuDate(invoice.issueDate),
    importe: invoice.totalMinor, environment: environment === 'production' ? 'production' : 'test',
  })
}

export function invoicePdfInput(invoice: InvoiceDetail, profile: InvoiceProfileView | null, logo: Logo | null = null): InvoicePdfInput {
  if (!invoice.number || !invoice.issueDate || !invoice.issuer) throw new Error(`invoice ${invoice.id} is not issued`)
  const qrUrl = invoiceQrUrl(invoice, profile?.verifactuEnvironment ?? 'test')
  // The per-rate breakdown printed is the one the stored totals were made of.
  const breakdown = computeInvoiceTotals(invoice.lines, invoice.pricesIncludeTax).rates
    .map(rate => ({ taxRateBasisPoints: rate.taxRate, baseMinor: rate.baseMinor, taxMinor: rate.taxMinor }))
  return {
    language: invoice.language === 'es' ? 'es' : 'en',
    kind: invoice.kind as InvoicePdfInput['kind'],
    number: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: invoice.kind === 'credit_note' ? null : invoice.dueDate,
    corrects: invoice.corrects?.number && invoice.corrects.issueDate
      ? { number: invoice.corrects.number, issueDate: invoice.corrects.issueDate, reason: invoice.correctionReason }
      : null,
    issuer: {
      legalName: invoice.issuer.name, taxId: invoice.issuer.taxId ?? '', addressLines: invoice.issuer.addressLines,
      email: invoice.issuer.email, phone: invoice.issuer.phone ?? null, logo,
    },
    customer: invoice.customer
      ? { name: invoice.customer.name, taxId: invoice.customer.taxId, addressLines: invoice.customer.addressLines, email: invoice.customer.email }
      : null,
    currency: invoice.currency,
    pricesIncludeTax: invoice.pricesIncludeTax,
    lines: invoice.lines.map(line => ({
      description: line.description, quantity: line.quantityMilli / 1000, unitPriceMinor: line.unitPriceMinor,
      discountMinor: line.discountMinor, taxRateBasisPoints: line.taxRate, amountMinor: line.amountMinor,
    })),
    taxBreakdown: breakdown,
    totals: {
      baseMinor: invoice.baseMinor, taxMinor: invoice.taxMinor, totalMinor: invoice.totalMinor,
      ...(invoice.kind === 'credit_note' ? {} : { paidMinor: invoice.paidMinor, dueMinor: invoice.dueMinor }),
    },
    paymentTerms: invoice.kind === 'credit_note' ? null : invoice.paymentTerms || null,
    notes: invoice.notes || null,
    footer: invoice.footer || null,
    accentColor: profile?.accentColor ?? null,
    verifactu: qrUrl ? { qrUrl, legend: VERIFACTU_QR_LEGEND } : null,
  }
}

export async function invoicePdf(invoice: InvoiceDetail, profile: InvoiceProfileView | null, logo: Logo | null = null): Promise<Buffer> {
  return await renderInvoicePdf(invoicePdfInput(invoice, profile, logo))
}

/** Where the logo's bytes are kept: the app's file storage (local disk or S3). */
export interface LogoSource {
  get: (key: string) => Promise<{ bytes: Uint8Array } | undefined>
}

const LOGO_TYPES = new Set(['image/png', 'image/jpeg'])

/** The profile's logo from the project's media library, when it is a PNG or JPEG. */
async function loadLogo(db: DbOrTx, projectId: string, mediaId: string | null, storage: LogoSource | null): Promise<Logo | null> {
  if (!mediaId || !storage) return null
  const [asset] = await db.select().from(mediaAssets).where(and(eq(mediaAssets.id, mediaId), eq(mediaAssets.projectId, projectId)))
  if (!asset || !LOGO_TYPES.has(asset.contentType)) return null
  const stored = await storage.get(asset.storageKey)
  return stored ? { data: Buffer.from(stored.bytes), mimeType: asset.contentType as Logo['mimeType'] } : null
}

/** An issued invoice's PDF with its project's profile (logo, colour, QR environment). */
export async function projectInvoicePdf(db: DbOrTx, scope: ProjectScope, invoice: InvoiceDetail, storage: LogoSource | null): Promise<Buffer> {
  const profile = await findInvoiceProfile(db, scope)
  return await invoicePdf(invoice, profile, await loadLogo(db, scope.projectId, profile?.logoMediaId ?? null, storage))
}

/** A booking's issued invoices and credit notes, for its customer's manage page. */
export async function invoicesOfBooking(db: DbOrTx, scope: ProjectScope, bookingId: string) {
  return await db.select({ id: invoices.id, kind: invoices.kind, number: invoices.number, issueDate: invoices.issueDate, totalMinor: invoices.totalMinor, currency: invoices.currency })
    .from(invoices)
    .where(and(eq(invoices.bookingId, bookingId), eq(invoices.orgId, scope.orgId), eq(invoices.projectId, scope.projectId), ne(invoices.status, 'draft'), ne(invoices.status, 'void')))
    .orderBy(invoices.issuedAt)
}

/** The file name an invoice downloads as: `F2026-0007.pdf` (a series' `/` becomes `-`). */
export function invoiceFileName(number: string, extension: string): string {
  return `${number.replace(/[^\w.-]+/g, '-')}.${extension}`
}

const CSV_COLUMNS = ['number', 'kind', 'status', 'issue_date', 'due_date', 'customer', 'customer_tax_id', 'corrects', 'currency', 'tax_rate', 'base', 'tax', 'total', 'paid'] as const

function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value)
  // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(?:\.\d+)?$/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

const major = (minor: number) => (minor / 100).toFixed(2)

export interface CsvInvoice {
  number: string | null
  kind: string
  status: string
  issueDate: string | null
  dueDate: string | null
  customer: { name: string, taxId: string | null } | null
  correctsNumber: string | null
  currency: string
  rates: Array<{ taxRate: number, baseMinor: number, taxMinor: number }>
  totalMinor: number
  paidMinor: number
}

/** One row per invoice and tax rate (what an accountant books), amounts in major units. */
export function invoicesCsv(rows: readonly CsvInvoice[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const row of rows) {
    for (const [index, rate] of row.rates.entries()) {
      lines.push([
        row.number, row.kind, row.status, row.issueDate, row.dueDate, row.customer?.name, row.customer?.taxId, row.correctsNumber, row.currency,
        (rate.taxRate / 100).toFixed(2), major(rate.baseMinor), major(rate.taxMinor),
        index === 0 ? major(row.totalMinor) : '', index === 0 ? major(row.paidMinor) : '',
      ].map(csvCell).join(','))
    }
  }
  return `${lines.join('\r\n')}\r\n`
}

/** A ZIP of files (the PDFs of a period), stored without recompression: PDFs are compressed already. */
export function zipFiles(files: ReadonlyArray<{ name: string, data: Uint8Array }>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(files.map(file => [file.name, [file.data, { level: 0 }]]))))
}

/** The CSV of a period's issued invoices and credit notes (void ones included, marked void). */
export async function periodCsv(db: DbOrTx, scope: ProjectScope, from: string, to: string): Promise<string> {
  const rows = await invoicesOfPeriod(db, scope, from, to)
  const ids = rows.map(row => row.id)
  const correctedIds = rows.flatMap(row => (row.correctsInvoiceId ? [row.correctsInvoiceId] : []))
  const [lines, corrected] = await Promise.all([
    ids.length ? db.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, ids)) : Promise.resolve([]),
    correctedIds.length ? db.select({ id: invoices.id, number: invoices.number }).from(invoices).where(inArray(invoices.id, correctedIds)) : Promise.resolve([]),
  ])
  const numbers = new Map(corrected.map(row => [row.id, row.number]))
  return invoicesCsv(rows.map(row => ({
    number: row.number, kind: row.kind, status: row.status, issueDate: row.issueDate, dueDate: row.dueDate,
    customer: row.customer ? { name: row.customer.name, taxId: row.customer.taxId } : null,
    correctsNumber: row.correctsInvoiceId ? numbers.get(row.correctsInvoiceId) ?? null : null,
    currency: row.currency, totalMinor: row.totalMinor, paidMinor: row.paidMinor,
    rates: computeInvoiceTotals(lines.filter(line => line.invoiceId === row.id), row.pricesIncludeTax).rates,
  })))
}

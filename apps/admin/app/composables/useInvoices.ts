import type { BadgeProps } from '@nuxt/ui'
import type { InvoiceKind, InvoiceStatus } from '@flectar/invoices/schemas'
import type { ProjectApiBase } from '~/utils/api-types'

// Shapes and words of the Invoices tab. The package's own types pull in the database, so the
// answers are declared here from packages/invoices (invoices.ts, profiles.ts); dates are strings.

export interface InvoiceParty { name: string, taxId: string | null, addressLines: string[], email: string | null, phone?: string | null }
export interface InvoiceSeriesView { prefix: string, yearlyReset: boolean, firstNumber: number, digits: number }

/** `GET …/invoices/profile`. */
export interface InvoiceProfile {
  legalName: string
  taxId: string
  addressLines: string[]
  email: string | null
  phone: string | null
  logoMediaId: string | null
  accentColor: string | null
  currency: string
  /** Basis points: 2100 is 21 %. */
  defaultTaxRate: number
  pricesIncludeTax: boolean
  paymentTermsDays: number
  paymentTerms: string
  footer: string
  language: 'en' | 'es'
  bookingInvoices: 'off' | 'on_demand' | 'automatic'
  bookingInvoiceKind: 'invoice' | 'simplified'
  verifactu: boolean
  verifactuEnvironment: 'test' | 'production'
  invoiceSeries: InvoiceSeriesView
  creditNoteSeries: InvoiceSeriesView
}

/** A row of `GET …/invoices`. */
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
  createdAt: string
}

export interface InvoiceLineView { description: string, quantityMilli: number, unitPriceMinor: number, discountMinor: number, taxRate: number, amountMinor: number }

/** `GET …/invoices/[invoiceId]`: the invoice with its lines, payments, corrections and VeriFactu records. */
export interface InvoiceDetail extends Omit<InvoiceListItem, 'customerName'> {
  customerId: string | null
  customer: InvoiceParty | null
  issuer: InvoiceParty | null
  pricesIncludeTax: boolean
  baseMinor: number
  taxMinor: number
  notes: string
  correctionReason: string | null
  voidReason: string | null
  sentAt: string | null
  lines: InvoiceLineView[]
  payments: Array<{ id: string, amountMinor: number, method: string, paidOn: string, note: string }>
  creditNotes: Array<{ id: string, number: string | null, issueDate: string | null, totalMinor: number, status: InvoiceStatus }>
  corrects: { id: string, number: string | null, issueDate: string | null, kind: InvoiceKind } | null
  verifactu: Array<{ id: number, kind: string, position: number, huella: string, createdAt: string }>
  dueMinor: number
  /** Only the GET says: when the customer was deleted (the invoice keeps its copy, under legal hold). */
  customerDeletedAt?: string | null
}

/** `POST …/invoices/verifactu/verify`. */
export interface VerifactuCheck {
  chains: Array<{ issuerTaxId: string, count: number, valid: boolean, broken: null | { position: number, invoiceId: string, reason: string } }>
  checkedAt: string
}

type BadgeColor = NonNullable<BadgeProps['color']>

export const INVOICE_STATUS_BADGES: Record<InvoiceStatus, { label: string, color: BadgeColor }> = {
  draft: { label: 'Draft', color: 'neutral' },
  issued: { label: 'Issued', color: 'info' },
  partially_paid: { label: 'Partially paid', color: 'warning' },
  paid: { label: 'Paid', color: 'success' },
  void: { label: 'Void', color: 'error' },
}

export const INVOICE_KIND_LABELS: Record<InvoiceKind, string> = {
  invoice: 'Invoice',
  simplified: 'Simplified',
  credit_note: 'Credit note',
}

export const INVOICE_PAYMENT_METHOD_LABELS: Record<string, string> = { cash: 'Cash', card: 'Card', transfer: 'Bank transfer', online: 'Online' }

/** The site's invoicing profile, shared by the tab and its slideovers (one request, one refresh). */
export function useInvoiceProfile(base: ProjectApiBase) {
  return useFetch<{ profile: InvoiceProfile | null }>(`${base}/invoices/profile`, { key: `invoices:profile:${base}`, lazy: true, server: false })
}

/** `2100` → `21`, `1050` → `10.5`. */
export const basisPointsToPercent = (basisPoints: number) => basisPoints / 100
export const percentToBasisPoints = (percent: number | string | null | undefined) => Math.round((Number(percent) || 0) * 100)

/** `21 %`, `10.5 %`. */
export const taxRateLabel = (basisPoints: number) => `${basisPointsToPercent(basisPoints)} %`

/** `1500` → `1.5`. */
export const quantityLabel = (quantityMilli: number) => String(quantityMilli / 1000)

/** How the series prints a number: `F2026-0007` with yearly reset, `F0007` without (as numbering.ts does). */
export function seriesNumber(series: Pick<InvoiceSeriesView, 'prefix' | 'yearlyReset' | 'digits'>, year: number, sequence: number): string {
  const digits = String(sequence).padStart(Math.min(Math.max(series.digits || 1, 1), 8), '0')
  return series.yearlyReset ? `${series.prefix}${year}-${digits}` : `${series.prefix}${digits}`
}

/** An invoice date as printed: `7 Dec 2026`. */
export function invoiceDateLabel(date: string | null | undefined): string {
  if (!date) return '—'
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`))
}

/** Today as YYYY-MM-DD in the browser's zone: a default for dates the owner may change. */
export function todayText(): string {
  const now = new Date()
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
}

/** The editor's live totals, by the server's own rule (each line rounded once, tax once per rate). */
export { computeInvoiceTotals as draftTotals } from '@flectar/invoices/totals'

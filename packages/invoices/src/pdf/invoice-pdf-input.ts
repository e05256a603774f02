/** What the invoice PDF shows. Amounts are integer minor units of `currency`; a credit note's are negative. */
export interface InvoicePdfInput {
  /** Every label, date and number is written in this language (es-ES / en-GB conventions). */
  language: 'en' | 'es'
  kind: 'invoice' | 'simplified' | 'credit_note'
  /** As issued, e.g. `F2026-0007`; also the PDF title. */
  number: string
  /** `YYYY-MM-DD`; also the PDF creation date, so the same invoice renders the same bytes. */
  issueDate: string
  dueDate?: string | null
  /** The invoice a credit note corrects. */
  corrects?: { number: string, issueDate: string, reason?: string | null } | null
  issuer: {
    legalName: string
    taxId: string
    addressLines: string[]
    email?: string | null
    phone?: string | null
    logo?: { data: Buffer, mimeType: 'image/png' | 'image/jpeg' } | null
  }
  /** Null on a simplified invoice without recipient. */
  customer: { name: string, taxId?: string | null, addressLines: string[], email?: string | null } | null
  /** ISO 4217, e.g. `EUR`. */
  currency: string
  /** Unit prices and amounts include tax; the column headers say so. */
  pricesIncludeTax: boolean
  lines: Array<{
    description: string
    quantity: number
    unitPriceMinor: number
    discountMinor: number
    /** 2100 = 21 % */
    taxRateBasisPoints: number
    /** The line's amount as shown, after discount. */
    amountMinor: number
  }>
  taxBreakdown: Array<{ taxRateBasisPoints: number, baseMinor: number, taxMinor: number }>
  totals: { baseMinor: number, taxMinor: number, totalMinor: number, paidMinor?: number, dueMinor?: number }
  paymentTerms?: string | null
  notes?: string | null
  /** Small print at the foot of every page (registry details, bank account…). */
  footer?: string | null
  /** `#rrggbb`; anything else falls back to the default teal. */
  accentColor?: string | null
  /** VERI*FACTU: the AEAT ValidarQR URL, printed as a QR code at the top left, and its legend. */
  verifactu?: { qrUrl: string, legend: string } | null
}

import { formatMoney } from '@flectar/money'
import { parseLocalDate } from '@flectar/time'
import type { InvoicePdfInput } from './invoice-pdf-input'

type Language = InvoicePdfInput['language']

const LOCALES: Record<Language, string> = { en: 'en-GB', es: 'es-ES' }

export function invoiceLocale(language: Language): string {
  return LOCALES[language]
}

/** `2026-12-07` → `07/12/2026` (es) or `7 Dec 2026` (en). A civil date: no zone may shift it. */
export function formatInvoiceDate(date: string, language: Language): string {
  const { year, month, day } = parseLocalDate(date)
  const options: Intl.DateTimeFormatOptions = language === 'es'
    ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }
    : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }
  return new Intl.DateTimeFormat(LOCALES[language], options).format(Date.UTC(year, month - 1, day))
}

export function formatInvoiceMoney(amountMinor: number, currency: string, language: Language): string {
  return formatMoney({ amount: amountMinor, currency }, LOCALES[language])
}

/**
 * 2100 → `21 %` (es, spaced as the RAE and AEAT write it) or `21%` (en); 1050 → `10,5 %`.
 * The space is a no-break one so a narrow column never strands the sign.
 */
export function formatTaxRate(basisPoints: number, language: Language): string {
  const value = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 2 }).format(basisPoints / 100)
  return language === 'es' ? `${value}\u00A0%` : `${value}%`
}

/** Quantities are kept in thousandths, so up to three decimals, none when whole. */
export function formatQuantity(quantity: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 3 }).format(quantity)
}

/** Money as stored and sent: an integer amount of minor units (cents) of an ISO 4217 currency. */
export interface Money { amount: number, currency: string }

/** How many decimals the currency has, from Intl: EUR 2, JPY 0, KWD 3 (2 for an unknown code). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  }
  catch {
    return 2
  }
}

/**
 * `€12.50` in `locale` (the runtime's own when undefined): minor units divided by the
 * currency's decimals. An unknown code is shown as `12.50 XYZ` rather than throwing, since
 * this runs in emails inside a booking's transaction and in every price on screen.
 */
export function formatMoney(money: Money, locale?: string): string {
  const amount = minorToMajor(money.amount, money.currency)
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(amount)
  }
  catch {
    return `${amount.toFixed(currencyDigits(money.currency))} ${money.currency}`
  }
}

/** Minor units as the major units a form edits: 2550 EUR is 25.5. */
export function minorToMajor(amount: number, currency: string): number {
  return amount / 10 ** currencyDigits(currency)
}

/** Major units from a form, rounded to a whole minor unit, so `19.999` never reaches the API. */
export function majorToMinor(amount: number | null | undefined, currency: string): number {
  return Math.round((amount ?? 0) * 10 ** currencyDigits(currency))
}

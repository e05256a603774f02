/** Money as the API sends it: an amount in minor units (cents) of an ISO 4217 currency. */
export interface Money { amount: number, currency: string }

/** "€12.50": minor units divided by the currency's own number of decimals (none for JPY). */
export function formatMoney(money: Money, locale: string): string {
  const formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency })
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2
  return formatter.format(money.amount / 10 ** digits)
}

// Prices are stored in minor units (cents) of an ISO 4217 currency and edited in major
// units; how many decimals a currency has comes from Intl (EUR 2, JPY 0, KWD 3).

export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  }
  catch {
    return 2
  }
}

/** `2550` EUR → `€25.50`, in the browser's locale. */
export function formatMinorUnits(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount / 10 ** currencyDigits(currency))
  }
  catch {
    return `${(amount / 100).toFixed(2)} ${currency}`
  }
}

export function minorToMajor(amount: number, currency: string): number {
  return amount / 10 ** currencyDigits(currency)
}

/** Rounded to a whole minor unit, so `19.999` never reaches the API. */
export function majorToMinor(amount: number | null | undefined, currency: string): number {
  return Math.round((amount ?? 0) * 10 ** currencyDigits(currency))
}

import { currencyDigits } from '@flectar/money'

/**
 * PayPal takes amounts as decimal strings in major units ("10.50"); we keep money as whole minor
 * units. The conversion is integer arithmetic on strings, so no float ever rounds a price.
 */

/**
 * Currencies PayPal takes in whole units only (PayPal's currency-code page, from memory:
 * UNVERIFIED against a first-party source here). Intl already gives HUF 0 digits; TWD has 2.
 */
const PAYPAL_WHOLE_UNIT_CURRENCIES = new Set(['HUF', 'TWD'])

/**
 * Minor-unit digits of a currency (JPY 0, EUR 2, KWD 3): @flectar/money's, so minor units mean
 * the same here as everywhere else. Throws for a code that is not three letters Intl knows.
 */
export function currencyMinorDigits(currency: string): number {
  const known = knownDigits.get(currency)
  if (known !== undefined) return known
  if (!/^[A-Z]{3}$/.test(currency) || !Intl.supportedValuesOf('currency').includes(currency)) {
    throw new RangeError(`Not an ISO 4217 currency code: ${JSON.stringify(currency)}`)
  }
  const digits = currencyDigits(currency)
  knownDigits.set(currency, digits)
  return digits
}

/** Intl lookups are slow enough to matter per webhook; the answer never changes in a process. */
const knownDigits = new Map<string, number>()

/** Decimal places PayPal expects in `value` for this currency. */
function paypalDecimalPlaces(currency: string): number {
  return PAYPAL_WHOLE_UNIT_CURRENCIES.has(currency) ? 0 : currencyMinorDigits(currency)
}

/**
 * Minor units to PayPal's decimal string: EUR 1050 → "10.50", JPY 1050 → "1050". Throws on a
 * negative or fractional amount, and on a TWD amount that is not whole units.
 */
export function formatPayPalAmount(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError('A PayPal amount must be a non-negative whole number of minor units')
  }
  const minorDigits = currencyMinorDigits(currency)
  const places = paypalDecimalPlaces(currency)
  const digits = String(amountMinor).padStart(minorDigits + 1, '0')
  const major = digits.slice(0, digits.length - minorDigits)
  const fraction = digits.slice(digits.length - minorDigits)
  if (places < minorDigits && /[^0]/.test(fraction.slice(places))) {
    throw new RangeError(`PayPal takes ${currency} in whole units only`)
  }
  const kept = fraction.slice(0, places)
  return kept === '' ? major : `${major}.${kept}`
}

/**
 * PayPal's decimal string back to minor units ("10.5" EUR → 1050, "1050" JPY → 1050), or
 * undefined for anything that is not a plain non-negative decimal with at most the currency's
 * digits. Never throws, because it reads provider input.
 */
export function parsePayPalAmount(value: unknown, currency: unknown): number | undefined {
  if (typeof value !== 'string' || typeof currency !== 'string') return undefined
  let minorDigits: number
  try {
    minorDigits = currencyMinorDigits(currency)
  }
  catch {
    return undefined
  }
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(value)
  if (match === null) return undefined
  const [, major = '', fraction = ''] = match
  if (fraction.length > minorDigits) return undefined
  const minor = Number(major + fraction.padEnd(minorDigits, '0'))
  return Number.isSafeInteger(minor) ? minor : undefined
}

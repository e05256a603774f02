/** Redsys takes ISO 4217 numeric codes in DS_MERCHANT_CURRENCY, not the letter codes. */
export const REDSYS_CURRENCY = {
  EUR: '978',
  USD: '840',
  GBP: '826',
} as const

export type RedsysCurrencyNumeric = (typeof REDSYS_CURRENCY)[keyof typeof REDSYS_CURRENCY]

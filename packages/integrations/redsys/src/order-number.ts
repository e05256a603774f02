import { randomInt } from 'node:crypto'

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz'
const RANDOM_CHARS = 8

/**
 * A fresh Redsys order number: 4 digits from the clock (seconds, mod 10 000) then 8 random
 * base36 characters, 12 in all. Redsys wants 4–12 characters, the first 4 numeric, and refuses
 * an order it has already seen for the merchant, so uniqueness comes from the 36^8 random part.
 */
export function redsysOrderNumber(now: Date = new Date()): string {
  const digits = String(Math.floor(now.getTime() / 1000) % 10_000).padStart(4, '0')
  let random = ''
  for (let i = 0; i < RANDOM_CHARS; i++) random += BASE36[randomInt(BASE36.length)]
  return digits + random
}

/** Whether Redsys will accept `order`: 4–12 ASCII characters, the first 4 digits, the rest alphanumeric. */
export function isValidRedsysOrderNumber(order: string): boolean {
  return typeof order === 'string' && /^\d{4}[\dA-Z]{0,8}$/i.test(order)
}

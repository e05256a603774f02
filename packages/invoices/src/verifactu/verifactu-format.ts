import { formatInZone, parseLocalDate } from '@flectar/time'

/*
 * Values as VeriFactu writes them. The huella covers these exact strings, so they are made
 * once, here, and the same string goes into the hash, the XML and the QR code.
 */

/** ImporteSgn12.2 allows at most 12 integer digits. */
const MAX_AMOUNT_MINOR = 999_999_999_999_99

/** Cents as an ImporteSgn12.2: 1235 → `12.35`, -1235 → `-12.35`, 0 → `0.00`. */
export function verifactuAmount(minor: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount must be a whole number of cents, got ${minor}`)
  if (Math.abs(minor) > MAX_AMOUNT_MINOR) throw new RangeError(`Amount ${minor} has more than 12 integer digits`)
  const absolute = Math.abs(minor)
  const sign = minor < 0 ? '-' : ''
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`
}

/** A calendar date `YYYY-MM-DD` as VeriFactu's `dd-mm-yyyy`. */
export function verifactuDate(isoDate: string): string {
  const { year, month, day } = parseLocalDate(isoDate)
  const pad = (value: number, width = 2) => String(value).padStart(width, '0')
  return `${pad(day)}-${pad(month)}-${pad(year, 4)}`
}

/**
 * FechaHoraHusoGenRegistro: the instant in `timeZone` to the second (milliseconds dropped, not
 * rounded: the record exists from that second) with the offset in force then, e.g. `+01:00` in
 * Madrid's winter, `+02:00` in its summer, `+00:00`/`+01:00` in the Canaries.
 */
export function verifactuTimestamp(instant: Date, timeZone = 'Europe/Madrid'): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date for a VeriFactu timestamp')
  return formatInZone(instant, timeZone)
}

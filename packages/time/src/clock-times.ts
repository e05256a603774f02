import { z } from 'zod'

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/

/**
 * Minutes after local midnight of an `HH:MM` wall-clock time, 00:00–24:00 (`24:00` is the end
 * of the day); NaN for anything else. The one HH:MM parser.
 */
export function clockMinutes(text: string): number {
  const match = CLOCK.exec(text)
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN
  return minutes <= 24 * 60 ? minutes : Number.NaN
}

/** `HH:MM` of a minute of the day: `clockText(570)` is `09:30`. */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** An `HH:MM` field: 00:00–23:59, or up to 24:00 with `endOfDay` (an interval's end). */
export function clockTime(options: { message: string, endOfDay?: boolean }) {
  return z.string().refine((text) => {
    const minutes = clockMinutes(text)
    return options.endOfDay ? !Number.isNaN(minutes) : minutes < 24 * 60
  }, options.message)
}

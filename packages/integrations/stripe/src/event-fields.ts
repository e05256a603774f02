/** Readers of the loosely typed objects inside verified events, shared by the event summaries. */

/** An id given as a string or as an expanded object with `id`. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return text(value)
  if (typeof value === 'object' && value !== null) return text((value as { id?: unknown }).id)
  return undefined
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

export function wholeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined
}

/** The summary without its absent fields, so equality checks and logs show only what is there. */
export function withoutUndefined<T extends object>(summary: T): T {
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => value !== undefined)) as T
}

import { isSensitiveKey } from './sensitive-key'
import { passesLuhn, REDACTED, REDACTED_CARD, redactString } from './redact-string'

// Deep enough for any real log payload; deeper means something odd is being logged.
const MAX_DEPTH = 32

/**
 * A deep copy of `value` that is safe to log or return in an error body: credential-named
 * fields become `[REDACTED]`, every string goes through `redactString`, Errors become
 * `{ name, message, stack, … }`, Buffers become `[Buffer n bytes]`, cycles become `[Circular]`.
 * Maps, Sets, arrays and Dates keep their type; other objects become plain objects.
 */
export function redact(value: unknown): unknown {
  return copy(value, new Set(), 0)
}

function copy(value: unknown, ancestors: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return redactString(value)
    case 'number':
    case 'bigint':
      return looksLikeCard(value) ? REDACTED_CARD : value
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`
    case 'symbol':
      return value.toString()
    case 'object':
      break
    default:
      return value
  }
  if (value === null) return null
  if (ancestors.has(value)) return '[Circular]'
  if (depth >= MAX_DEPTH) return '[Truncated]'

  const binary = describeBinary(value)
  if (binary) return binary
  if (value instanceof Date) return new Date(value.getTime())
  if (value instanceof RegExp) return redactString(String(value))
  if (value instanceof URL) return redactString(value.href)

  ancestors.add(value)
  try {
    const next = (item: unknown) => copy(item, ancestors, depth + 1)
    if (Array.isArray(value)) return value.map(next)
    if (value instanceof Map) {
      return new Map([...value].map(([key, item]) => [next(key), sensitive(key, item) ? REDACTED : next(item)]))
    }
    if (value instanceof Set) return new Set([...value].map(next))
    if (value instanceof Error) return copyEntries(errorEntries(value), next)
    if (isIterableHeaders(value)) return copyEntries([...value.entries()], next)
    if (value instanceof URLSearchParams) return copyEntries([...value.entries()], next)
    if (!isPlain(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return next((value as { toJSON: () => unknown }).toJSON())
    }
    return copyEntries(ownEntries(value), next)
  }
  finally {
    ancestors.delete(value)
  }
}

function copyEntries(entries: Array<[string, unknown]>, next: (item: unknown) => unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [key, item] of entries) result[key] = sensitive(key, item) ? REDACTED : next(item)
  return result
}

// null/undefined stay visible: "the password was missing" is useful and reveals nothing.
function sensitive(key: unknown, item: unknown): boolean {
  return typeof key === 'string' && item != null && isSensitiveKey(key, item)
}

// Errors keep name, message and stack (all non-enumerable) plus own fields such as `code` or `cause`.
function errorEntries(error: Error): Array<[string, unknown]> {
  const { message, stack, omit } = queryErrorParts(error)
  const entries: Array<[string, unknown]> = [['name', error.name], ['message', message], ['stack', stack]]
  for (const [key, item] of ownEntries(error)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue
    entries.push([key, omit.has(key) ? REDACTED : item])
  }
  if ('cause' in error && !entries.some(([key]) => key === 'cause')) entries.push(['cause', error.cause])
  if (error instanceof AggregateError) entries.push(['errors', error.errors])
  return entries.filter(([, item]) => item !== undefined)
}

/**
 * A failed SQL query is logged by its statement and error code, never its bound values (names,
 * emails, answers): Drizzle's error puts `params: …` in its message and stack, and PostgreSQL's
 * `detail` quotes the offending row or key ("Key (email)=(ana@example.com) already exists.").
 */
function queryErrorParts(error: Error): { message: string, stack: string | undefined, omit: Set<string> } {
  const query = (error as { query?: unknown }).query
  if (typeof query === 'string' && 'params' in error) {
    const message = `Failed query: ${query}`
    return { message, stack: error.stack?.replace(error.message, message), omit: new Set(['params']) }
  }
  const omit = new Set(error.name === 'PostgresError' ? ['detail', 'parameters', 'args'] : [])
  return { message: error.message, stack: error.stack, omit }
}

// A throwing getter must not turn logging into a crash.
function ownEntries(value: object): Array<[string, unknown]> {
  return Object.keys(value).map((key) => {
    try {
      return [key, (value as Record<string, unknown>)[key]]
    }
    catch {
      return [key, '[Unreadable]']
    }
  })
}

function describeBinary(value: object): string | undefined {
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`
  if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`
  return undefined
}

function isIterableHeaders(value: object): value is Headers {
  return typeof Headers !== 'undefined' && value instanceof Headers
}

function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === null || prototype === Object.prototype
}

function looksLikeCard(value: number | bigint): boolean {
  const digits = String(value)
  return /^[2-6]\d{12,18}$/.test(digits) && passesLuhn(digits)
}

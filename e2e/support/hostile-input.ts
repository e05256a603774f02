// What the route fuzz test (bad-input.spec.ts) sends: the values issue 11 found answering 500
// (NUL, CR/LF, lone surrogates, extreme years, huge numbers, long unicode), as JSON values,
// query-string values and path segments, and a way to put them into an otherwise valid body.

const NUL = '\u0000'
const EMOJI = '\u{1F600}'

/** Sent as the JSON number literal 9007199254740993 (JSON.stringify would round it). */
export const BIG_INTEGER = '__fuzz_big_integer__'

/** Every string field of a sample body is tried with each of these. */
export const HOSTILE_STRINGS: readonly string[] = [
  NUL, `Eve${NUL}Smith`, 'Eve\r\nSmith', '\r\n', 'a\uD800b', EMOJI.repeat(5000), '',
  '0001-01-01', '0999-12-30', '9999-12-31', '99999-01-01', '9999-12-31T10:00:00Z',
]

/** Every number and boolean field is tried with each of these. */
export const HOSTILE_NUMBERS: readonly unknown[] = [1e308, BIG_INTEGER, -1, 0.5, NUL]

/** The same kinds of value as a query string carries them (already encoded). */
export const HOSTILE_QUERY_VALUES: readonly string[] = [
  '%00', 'Eve%00Smith', '%0D%0A', 'Eve%0D%0ASmith', '%ED%A0%80', encodeURIComponent(EMOJI.repeat(500)),
  '0001-01-01', '0999-12-30', '9999-12-31', '99999-01-01', '9999-12-31T10%3A00%3A00Z', '1e308', '9007199254740993', '-1',
]

/** …and as a path segment. */
export const HOSTILE_PATH_VALUES: readonly string[] = [
  '%00', 'a%00b', '%0D%0A', encodeURIComponent(EMOJI.repeat(100)), '0999-12-30', '9999-12-31', '99999-01-01', '9999-12-31T10%3A00%3A00Z', '1e308', '-1',
]

/** Both ends of a range at once: each end alone may be fine, the span is not. */
export const HOSTILE_DATE_RANGES: ReadonlyArray<readonly [string, string]> = [
  ['0999-12-30', '0999-12-31'], ['9999-12-01', '9999-12-31'], ['0001-01-01', '9999-12-31'], ['1900-01-01', '2200-12-31'],
]
export const HOSTILE_INSTANT_RANGES: ReadonlyArray<readonly [string, string]> = [
  ['0999-12-30T00%3A00%3A00Z', '0999-12-31T00%3A00%3A00Z'], ['9999-12-01T00%3A00%3A00Z', '9999-12-31T10%3A00%3A00Z'], ['0001-01-01T00%3A00%3A00Z', '9999-12-31T10%3A00%3A00Z'],
]

/** A body as JSON text, with BIG_INTEGER written as the literal it stands for. */
export function toJson(body: unknown): string {
  return JSON.stringify(body).replaceAll(`"${BIG_INTEGER}"`, '9007199254740993')
}

/** `value` with every string longer than `max` cut on a whole character, for bodies with a small limit. */
export function withShortStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') return value.length > max ? [...value].slice(0, max / 2).join('') : value
  if (Array.isArray(value)) return value.map(item => withShortStrings(item, max))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withShortStrings(item, max)]))
  return value
}

/** The names of a route's `[param]`s, in order. */
export function paramsOf(template: string): string[] {
  return [...template.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map(match => match[1]!)
}

/**
 * Copies of `sample` with one leaf (string, number, boolean or null) replaced by each hostile
 * value: the rest of the body stays valid, so the value reaches the check it must pass.
 */
export function mutations(sample: unknown): unknown[] {
  const found: unknown[] = []
  const visit = (value: unknown, replace: (next: unknown) => unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, next => replace(value.map((other, at) => (at === index ? next : other)))))
    }
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, next => replace({ ...value, [key]: next }))
    }
    else {
      for (const hostile of typeof value === 'string' ? HOSTILE_STRINGS : HOSTILE_NUMBERS) found.push(replace(hostile))
    }
  }
  visit(sample, next => next)
  return found
}

/** `/a/[x]/b?q` with each `[param]` from `values` (already encoded). */
export function fillRoute(template: string, values: (param: string) => string): string {
  return template.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, param: string) => values(param))
}

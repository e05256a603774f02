import { canonicalTimeZone } from '@flectar/time'

/**
 * Where a visitor is in the booking flow, carried in each step's URL (and in hidden fields of its
 * forms): nothing here is personal. The visitor's details travel sealed (`draft.ts`).
 */
export interface FlowState {
  embed: boolean
  serviceId?: string
  extras: string[]
  /** The zone times are shown in; the business's until the visitor (or the script) picks one. */
  timeZone?: string
  /** `YYYY-MM` of the calendar, from a month button or the month last shown. */
  month?: string
  /** `YYYY-MM-DD` of the day whose times are shown. */
  date?: string
  /** The chosen start, as the slot listing wrote it (with the zone's offset). */
  start?: string
  /** The sealed details (`d`). */
  draft?: string
  coupon?: string
  /** A subscriber's signed link token (`sub`): the booking is covered by their subscription. */
  subscription?: string
}

type QueryValue = string | string[] | undefined | null | unknown

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/
const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/
// What `slotJson` writes: `2026-12-07T10:00:00+01:00` (or `Z`).
const SUBSCRIPTION_TOKEN = /^[0-9a-f-]{36}\.[\w-]{20,100}$/i
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/

/** The last value of a parameter sent once or several times (a button's value comes after the form's). */
function last(value: QueryValue): string | undefined {
  const found = Array.isArray(value) ? value[value.length - 1] : value
  return typeof found === 'string' ? found : undefined
}

function all(value: QueryValue): string[] {
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string')
}

/** A flow state from a query or a form: anything malformed is simply left out. */
export function readFlowState(source: Record<string, QueryValue>): FlowState {
  const serviceId = last(source.service)
  const month = last(source.month) ?? last(source.shown)
  const date = last(source.date)
  const start = last(source.start)
  const draft = last(source.d)
  const coupon = last(source.coupon)?.trim()
  const subscription = last(source.sub)
  return {
    embed: last(source.embed) === '1',
    serviceId: serviceId && UUID.test(serviceId) ? serviceId.toLowerCase() : undefined,
    extras: [...new Set(all(source.extras).flatMap(value => value.split(',')).filter(value => UUID.test(value)).map(value => value.toLowerCase()))].slice(0, 20),
    timeZone: canonicalTimeZone(last(source.tz)),
    month: month && MONTH.test(month) ? month : undefined,
    date: date && DATE.test(date) && !Number.isNaN(Date.parse(date)) ? date : undefined,
    start: start && INSTANT.test(start) && !Number.isNaN(Date.parse(start)) ? start : undefined,
    draft: draft && draft.length <= 16_000 ? draft : undefined,
    coupon: coupon && coupon.length <= 64 ? coupon : undefined,
    subscription: subscription && SUBSCRIPTION_TOKEN.test(subscription) ? subscription : undefined,
  }
}

type StateKey = 'service' | 'extras' | 'tz' | 'start' | 'd' | 'coupon' | 'embed' | 'sub'

/** The state's parameters (name, value) in a stable order, without `omit`. */
export function stateParams(state: FlowState, omit: readonly StateKey[] = []): Array<[string, string]> {
  const params: Array<[StateKey, string | undefined]> = [
    ['embed', state.embed ? '1' : undefined],
    ['service', state.serviceId],
    ...state.extras.map(id => ['extras', id] as [StateKey, string]),
    ['tz', state.timeZone],
    ['start', state.start],
    ['coupon', state.coupon],
    ['sub', state.subscription],
    ['d', state.draft],
  ]
  return params.filter((param): param is [StateKey, string] => param[1] !== undefined && !omit.includes(param[0]))
}

/** A step's address with the state in its query. */
export function flowUrl(path: string, state: FlowState, omit: readonly StateKey[] = [], extra: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams(stateParams(state, omit))
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) query.append(name, value)
  const text = query.toString()
  return text ? `${path}?${text}` : path
}

import { createHmac } from 'node:crypto'
import Bowser from 'bowser'
import { isbot } from 'isbot'
import { z } from 'zod'
import { plainText, stripControlCharacters } from '@flectar/validation'

/** Largest accepted beacon body; larger ones are refused before parsing. */
export const MAX_EVENT_BYTES = 4096

// Every string of a beacon is refused with a control character or a lone surrogate in it:
// PostgreSQL refuses NUL (and broken UTF-16 in JSON), and one refused row used to hold back
// the whole insert batch of every site on the instance.
const shortText = (max: number) => plainText({ max })

/** What the tracker sends: see `tracker.ts` for the short keys. */
export const beaconSchema = z.object({
  /** Event name: `pageview` or a custom event. */
  n: z.string().trim().min(1).max(64).regex(/^[\w .:/-]+$/),
  /** Path and query string of the page (`location.pathname + location.search`). */
  p: shortText(2048).startsWith('/'),
  /** document.referrer */
  r: shortText(2048).optional(),
  /** Visitor id (localStorage) and session id (sessionStorage); empty in cookieless mode. */
  v: shortText(64).optional(),
  s: shortText(64).optional(),
  /** navigator.language */
  l: shortText(35).optional(),
  /** Screen width class: s (< 768 px), m (< 1024 px), l. */
  w: z.enum(['s', 'm', 'l']).optional(),
  /** Custom event properties. */
  d: z.record(shortText(64), z.union([shortText(256), z.number(), z.boolean()]))
    .refine(value => Object.keys(value).length <= 20, 'at most 20 properties').optional(),
})
export type Beacon = z.infer<typeof beaconSchema>

export type DropReason = 'dnt' | 'gpc' | 'bot'

type Headers = Record<string, string | string[] | undefined>

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Why a request must not be counted at all (P18), before its body is even read. */
export function dropReason(headers: Headers): DropReason | undefined {
  if (header(headers, 'dnt')?.trim() === '1') return 'dnt'
  if (header(headers, 'sec-gpc')?.trim() === '1') return 'gpc'
  const userAgent = header(headers, 'user-agent')
  if (!userAgent || isbot(userAgent)) return 'bot'
  return undefined
}

/** The path alone: no query string, no fragment, no trailing slash (except `/`), at most 512 chars. */
export function sanitisePath(pathAndQuery: string): string {
  let path = pathAndQuery.split(/[?#]/)[0] ?? '/'
  try {
    path = decodeURI(path)
  }
  catch {
    // Keep it as sent.
  }
  // Control characters (a decoded %00 among them) and lone surrogates are dropped.
  path = stripControlCharacters(path.replace(/\/{2,}/g, '/'))
  if (!path.startsWith('/')) path = `/${path}`
  if (path.length > 1) path = path.replace(/\/+$/, '')
  // Cut on code points: half an emoji would be a lone surrogate PostgreSQL refuses.
  return [...(path || '/')].slice(0, 512).join('')
}

export interface Utm {
  utmSource: string | null
  utmMedium: string | null
  utmCampaign: string | null
}

/**
 * UTM source, medium and campaign from the page's query string (lower-cased, trimmed, ≤ 100
 * chars). They are decoded, so `%00` is a NUL: control characters are dropped.
 */
export function parseUtm(pathAndQuery: string): Utm {
  const query = pathAndQuery.includes('?') ? pathAndQuery.slice(pathAndQuery.indexOf('?') + 1).split('#')[0] : ''
  const params = new URLSearchParams(query)
  const value = (name: string) => {
    const raw = params.get(name)
    return raw === null ? null : [...stripControlCharacters(raw).trim().toLowerCase()].slice(0, 100).join('') || null
  }
  return { utmSource: value('utm_source') ?? value('ref'), utmMedium: value('utm_medium'), utmCampaign: value('utm_campaign') }
}

/** The referrer's host name (no `www.`), or null when there is none or it is the site itself. */
export function referrerHost(referrer: string | undefined, ownHost: string): string | null {
  if (!referrer) return null
  let host: string
  try {
    const url = new URL(referrer)
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'android-app:') return null
    host = url.hostname.toLowerCase()
  }
  catch {
    return null
  }
  const own = ownHost.toLowerCase().replace(/:\d+$/, '')
  if (!host || host === own) return null
  return host.replace(/^www\./, '').slice(0, 253)
}

export interface DeviceInfo {
  device: 'desktop' | 'mobile' | 'tablet'
  browser: string
  os: string
}

// Parsing a user agent is the costliest step of an event, and a site sees few distinct ones.
const parsedAgents = new Map<string, Bowser.Parser.ParsedResult>()

function parseAgent(userAgent: string): Bowser.Parser.ParsedResult {
  let parsed = parsedAgents.get(userAgent)
  if (!parsed) {
    parsed = Bowser.parse(userAgent)
    if (parsedAgents.size >= 2000) parsedAgents.clear()
    parsedAgents.set(userAgent, parsed)
  }
  return parsed
}

/** Device class, browser and OS family from the user agent (which itself is never stored). */
export function deviceInfo(userAgent: string, widthClass?: 's' | 'm' | 'l'): DeviceInfo {
  const parsed = parseAgent(userAgent)
  const type = parsed.platform.type
  const device = type === 'mobile' || type === 'tablet' || type === 'desktop'
    ? type
    : widthClass === 's' ? 'mobile' : widthClass === 'm' ? 'tablet' : 'desktop'
  return { device, browser: parsed.browser.name || 'Unknown', os: parsed.os.name || 'Unknown' }
}

/** A two-letter language code: `es-ES` → `es`. */
export function languageCode(language: string | undefined): string | null {
  const code = language?.trim().toLowerCase().split(/[-_]/)[0]
  return code && /^[a-z]{2,3}$/.test(code) ? code : null
}

/** Headers hosting providers put the visitor's country in, first match wins. */
export const DEFAULT_COUNTRY_HEADERS = ['cf-ipcountry', 'x-vercel-ip-country', 'cloudfront-viewer-country', 'x-country-code', 'x-appengine-country', 'fastly-geo-country-code']

/** ISO country code from the configured hosting header (`COUNTRY_HEADER`), or the usual ones. */
export function countryFrom(headers: Headers, configured?: string): string | null {
  const names = configured ? [configured.toLowerCase()] : DEFAULT_COUNTRY_HEADERS
  for (const name of names) {
    const value = header(headers, name)?.trim().toUpperCase()
    if (value && /^[A-Z]{2}$/.test(value) && value !== 'XX' && value !== 'T1') return value
  }
  return null
}

/** HMAC-SHA256 of `parts` with the day's salt, hex, 32 chars. */
export function saltedHash(salt: string, ...parts: string[]): string {
  return createHmac('sha256', salt).update(parts.join('\u0000')).digest('hex').slice(0, 32)
}

export interface IngestContext {
  projectId: string
  /** Host the page was served on, for telling internal from external referrers. */
  host: string
  userAgent: string
  /** An IP-derived key (deriveIpKey), never the IP; used only in cookieless mode. */
  ipKey: string
  headers: Headers
  cookieless: boolean
  salt: string
  countryHeader?: string
  now?: Date
}

export interface AnalyticsEventRow {
  projectId: string
  occurredAt: Date
  name: string
  path: string
  visitorHash: string
  sessionHash: string
  referrerHost: string | null
  utmSource: string | null
  utmMedium: string | null
  utmCampaign: string | null
  language: string | null
  device: string
  browser: string
  os: string
  country: string | null
  props: Record<string, string | number | boolean> | null
}

/**
 * The row stored for one beacon, and nothing more (P16). Ids sent by the browser are hashed
 * with the day's salt and the project; in cookieless mode (or when the browser sent none) the
 * visitor is a hash of the IP-derived key, user agent and host, and the session is the visitor.
 */
export function deriveEvent(beacon: Beacon, context: IngestContext): AnalyticsEventRow {
  const { projectId, salt } = context
  const clientIds = !context.cookieless && beacon.v
  const visitorHash = clientIds
    ? saltedHash(salt, projectId, 'visitor', beacon.v!)
    : saltedHash(salt, projectId, 'anonymous', context.ipKey, context.userAgent, context.host.toLowerCase())
  const sessionHash = clientIds && beacon.s ? saltedHash(salt, projectId, 'session', beacon.s) : visitorHash
  return {
    projectId,
    occurredAt: context.now ?? new Date(),
    name: beacon.n,
    path: sanitisePath(beacon.p),
    visitorHash,
    sessionHash,
    referrerHost: referrerHost(beacon.r, context.host),
    ...parseUtm(beacon.p),
    language: languageCode(beacon.l),
    ...deviceInfo(context.userAgent, beacon.w),
    country: countryFrom(context.headers, context.countryHeader),
    props: beacon.n !== 'pageview' && beacon.d && Object.keys(beacon.d).length > 0 ? beacon.d : null,
  }
}

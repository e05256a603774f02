import { randomBytes } from 'node:crypto'
import { analyticsEvents, type DbOrTx } from '@flectar/db'
import { listPublishedPages } from '@flectar/sites'
import type { AnalyticsEventRow } from './derive'

export interface SeedDemoAnalyticsOptions {
  /** Days of traffic ending now (default 28). */
  days?: number
  /** Average sessions per day (default 60); weekends get fewer. */
  sessionsPerDay?: number
  now?: Date
  /** Seed of the pseudo-random generator, so runs are repeatable (default 1). */
  seed?: number
}

// A small, fast, seedable PRNG (mulberry32).
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Weighted<T> = Array<[T, number]>
function pick<T>(next: () => number, items: Weighted<T>): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0)
  let roll = next() * total
  for (const [item, weight] of items) {
    roll -= weight
    if (roll <= 0) return item
  }
  return items[items.length - 1]![0]
}

const SOURCES: Weighted<{ referrerHost: string | null, utmSource: string | null, utmMedium: string | null, utmCampaign: string | null }> = [
  [{ referrerHost: null, utmSource: null, utmMedium: null, utmCampaign: null }, 35],
  [{ referrerHost: 'google.com', utmSource: null, utmMedium: null, utmCampaign: null }, 30],
  [{ referrerHost: 'instagram.com', utmSource: 'instagram', utmMedium: 'social', utmCampaign: 'spring-offer' }, 12],
  [{ referrerHost: 'facebook.com', utmSource: null, utmMedium: null, utmCampaign: null }, 6],
  [{ referrerHost: 'bing.com', utmSource: null, utmMedium: null, utmCampaign: null }, 4],
  [{ referrerHost: null, utmSource: 'newsletter', utmMedium: 'email', utmCampaign: 'monthly' }, 8],
  [{ referrerHost: 'maps.google.com', utmSource: 'google-business', utmMedium: 'local', utmCampaign: null }, 5],
]
const DEVICES: Weighted<{ device: string, browser: string, os: string }> = [
  [{ device: 'mobile', browser: 'Safari', os: 'iOS' }, 30],
  [{ device: 'mobile', browser: 'Chrome', os: 'Android' }, 24],
  [{ device: 'desktop', browser: 'Chrome', os: 'Windows' }, 18],
  [{ device: 'desktop', browser: 'Safari', os: 'macOS' }, 10],
  [{ device: 'desktop', browser: 'Firefox', os: 'Linux' }, 3],
  [{ device: 'desktop', browser: 'Microsoft Edge', os: 'Windows' }, 6],
  [{ device: 'tablet', browser: 'Safari', os: 'iOS' }, 6],
  [{ device: 'mobile', browser: 'Samsung Internet for Android', os: 'Android' }, 3],
]
const PLACES: Weighted<{ country: string | null, language: string }> = [
  [{ country: 'ES', language: 'es' }, 45],
  [{ country: 'GB', language: 'en' }, 12],
  [{ country: 'US', language: 'en' }, 10],
  [{ country: 'DE', language: 'de' }, 8],
  [{ country: 'FR', language: 'fr' }, 7],
  [{ country: 'ES', language: 'ca' }, 8],
  [{ country: 'PT', language: 'pt' }, 5],
  [{ country: null, language: 'en' }, 5],
]
const FALLBACK_PATHS = ['/', '/services', '/about', '/contact', '/team', '/gallery']
/** Where apps/site serves the booking flow (which sends `booking_started` and `booking_confirmed`). */
const BOOKING_FLOW_PATH = '/book'

const hex = () => randomBytes(16).toString('hex')

/**
 * Realistic synthetic traffic for a demo project: sessions spread over the day with an
 * afternoon peak and quieter weekends, returning visitors, 1–6 pages per session on the
 * project's published pages, sources, devices and countries in plausible shares, and the booking
 * funnel: some visitors of the services page go on to the booking flow and start a booking, and
 * about half of those confirm it (newsletter readers more often). Returns how many events were inserted.
 */
export async function seedDemoAnalytics(db: DbOrTx, projectId: string, options: SeedDemoAnalyticsOptions = {}): Promise<number> {
  const days = options.days ?? 28
  const perDay = options.sessionsPerDay ?? 60
  const now = options.now ?? new Date()
  const next = random(options.seed ?? 1)
  const published = await listPublishedPages(db, projectId)
  const paths = published.length > 0 ? [...new Set(published.map(page => page.path))] : FALLBACK_PATHS
  const pathWeights: Weighted<string> = paths.map((path, index) => [path, path === '/' ? 10 : Math.max(1, 6 - index)])
  // Visitors reach the booking flow (served by apps/site at /book) from the services page.
  const servicesPath = paths.find(path => path.includes('servic')) ?? paths.find(path => path.includes('book')) ?? paths[1] ?? '/'
  const returning: string[] = []
  let batch: AnalyticsEventRow[] = []
  let inserted = 0
  const flush = async () => {
    if (batch.length === 0) return
    await db.insert(analyticsEvents).values(batch)
    inserted += batch.length
    batch = []
  }

  const dayMs = 24 * 60 * 60 * 1000
  const start = now.getTime() - days * dayMs
  for (let day = 0; day < days; day++) {
    const dayStart = start + day * dayMs
    const weekday = new Date(dayStart).getUTCDay()
    const growth = 0.8 + (0.4 * day) / Math.max(1, days)
    const sessions = Math.round(perDay * growth * (weekday === 0 || weekday === 6 ? 0.6 : 1) * (0.85 + next() * 0.3))
    for (let index = 0; index < sessions; index++) {
      // Afternoon peak: average of two uniforms centred at 15:00 UTC.
      const hour = Math.min(23.99, Math.max(0, 15 + (next() + next() - 1) * 10))
      let at = dayStart + hour * 3600 * 1000
      if (at > now.getTime()) continue
      const visitorHash = returning.length > 20 && next() < 0.3 ? returning[Math.floor(next() * returning.length)]! : hex()
      if (returning.length < 500) returning.push(visitorHash)
      const sessionHash = hex()
      const source = pick(next, SOURCES)
      const device = pick(next, DEVICES)
      const place = pick(next, PLACES)
      const pageCount = next() < 0.45 ? 1 : 1 + Math.ceil(next() * 5)
      let started = false
      for (let view = 0; view < pageCount && at <= now.getTime(); view++) {
        const path = view === 0 && next() < 0.5 ? '/' : pick(next, pathWeights)
        const base = { projectId, visitorHash, sessionHash, ...device, ...place, utmSource: null, utmMedium: null, utmCampaign: null, referrerHost: null, props: null }
        batch.push({ ...base, ...(view === 0 ? source : {}), occurredAt: new Date(at), name: 'pageview', path })
        if (path === servicesPath && !started && at + 10 * 60_000 <= now.getTime() && next() < 0.35) {
          started = true
          at += (10 + next() * 50) * 1000
          batch.push({ ...base, occurredAt: new Date(at), name: 'pageview', path: BOOKING_FLOW_PATH })
          batch.push({ ...base, occurredAt: new Date(at + 5_000), name: 'booking_started', path: BOOKING_FLOW_PATH })
          if (next() < (source.utmMedium === 'email' ? 0.7 : 0.45)) {
            at += (60 + next() * 240) * 1000
            // About a third pay the root colour's deposit (20 % of €65) online: the revenue by
            // source. Decided from the session's hash, so the seed's random sequence is unchanged.
            const paid = sessionHash.charCodeAt(0) % 3 === 0 ? { amount: 1300, currency: 'EUR', booking: `demo-${sessionHash}` } : null
            batch.push({ ...base, occurredAt: new Date(at), name: 'booking_confirmed', path: BOOKING_FLOW_PATH, props: paid })
          }
        }
        at += (10 + next() * 110) * 1000
      }
      if (batch.length >= 1000) await flush()
    }
  }
  await flush()
  return inserted
}

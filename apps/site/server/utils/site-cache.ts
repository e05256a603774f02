import { createHash } from 'node:crypto'
import type { H3Event } from 'h3'
import type { PageBytes } from '@flectar/sites'

/** Where an answer came from, in `X-Flectar-Cache`: this instance's memory, PostgreSQL, or a Vue render. */
export type PageSource = 'memory' | 'stored' | 'render'

interface CachedPage extends PageBytes {
  projectId: string
  storedAt: number
}

// Rendered pages per instance, purged when their project changes (see the LISTEN plugin).
// Bounded: the oldest entry goes when the cache is full (SITE_PAGE_MEMORY_ENTRIES, 0 = none).
const MAX_AGE_MS = 10 * 60 * 1000
const pages = new Map<string, CachedPage>()
// Counts purges: a render that saw a purge happen while it ran may be stale, so it is not kept.
let purges = 0

// The contact form's result (`?sent=1`, `?error=…`) is the only query a content page shows;
// every other parameter (utm_*, gclid, fbclid, anything unknown) is the same page.
const PAGE_QUERY_PARAMS = new Set(['sent', 'error'])

/**
 * The memory key of a GET, or undefined when the answer must not be cached: a content page
 * unless its query holds a contact-form result; a booking page only as a plain URL (its query
 * chooses the service), and never a manage link (one page per booking).
 */
export function cacheKey(host: string, path: string, contentPage: boolean): string | undefined {
  const queryAt = path.indexOf('?')
  const pathname = queryAt === -1 ? path : path.slice(0, queryAt)
  if (queryAt !== -1) {
    if (!contentPage) return undefined
    const params = new URLSearchParams(path.slice(queryAt + 1))
    for (const name of params.keys()) if (PAGE_QUERY_PARAMS.has(name)) return undefined
  }
  if (pathname.startsWith('/book/manage/')) return undefined
  return `${host.toLowerCase()}${pathname}`
}

/** A rendered page's bytes, encoded once, with its ETag. */
export function pageBytes(html: string, contentType: string): PageBytes {
  return { body: Buffer.from(html), etag: `"${createHash('sha1').update(html).digest('base64url')}"`, contentType }
}

export function getCachedPage(key: string): CachedPage | undefined {
  const entry = pages.get(key)
  if (entry && Date.now() - entry.storedAt > MAX_AGE_MS) {
    pages.delete(key)
    return undefined
  }
  return entry
}

export function storeCachedPage(key: string, projectId: string, page: PageBytes): void {
  const maxEntries = useServerConfig().SITE_PAGE_MEMORY_ENTRIES
  if (maxEntries === 0) return
  if (pages.size >= maxEntries) pages.delete(pages.keys().next().value!)
  pages.set(key, { ...page, projectId, storedAt: Date.now() })
}

/** The purge count now; compare with `purgedSince` after a render. */
export function purgeCount(): number {
  return purges
}

export function purgedSince(count: number): boolean {
  return purges !== count
}

export function purgeProjectPages(projectId?: string): void {
  purges++
  if (!projectId) return pages.clear()
  for (const [key, entry] of pages) if (entry.projectId === projectId) pages.delete(key)
}

export function siteCacheSize(): number {
  return pages.size
}

/** Answers with a page's bytes (a 304 when the browser has them), saying where they came from. */
export function sendPageBytes(event: H3Event, page: PageBytes, source: PageSource): Buffer | string {
  setResponseHeaders(event, { 'etag': page.etag, 'cache-control': 'public, max-age=0, must-revalidate', 'content-type': page.contentType, 'x-flectar-cache': source })
  if (getRequestHeader(event, 'if-none-match') === page.etag) {
    setResponseStatus(event, 304)
    return ''
  }
  return page.body
}

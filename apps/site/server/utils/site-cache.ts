import { createHash } from 'node:crypto'

interface CachedPage {
  projectId: string
  /** Encoded once, so a hit writes bytes without re-encoding the page. */
  body: Buffer
  etag: string
  contentType: string
  storedAt: number
}

// Rendered pages per instance, purged when their project publishes (see the LISTEN plugin).
// Bounded: the oldest entry goes when the cache is full.
const MAX_ENTRIES = 2000
const MAX_AGE_MS = 10 * 60 * 1000
const pages = new Map<string, CachedPage>()

export function cacheKey(host: string, path: string): string {
  return `${host.toLowerCase()}${path}`
}

export function getCachedPage(key: string): CachedPage | undefined {
  const entry = pages.get(key)
  if (entry && Date.now() - entry.storedAt > MAX_AGE_MS) {
    pages.delete(key)
    return undefined
  }
  return entry
}

export function storeCachedPage(key: string, projectId: string, html: string, contentType: string): string {
  const etag = `"${createHash('sha1').update(html).digest('base64url')}"`
  if (pages.size >= MAX_ENTRIES) pages.delete(pages.keys().next().value!)
  pages.set(key, { projectId, body: Buffer.from(html), etag, contentType, storedAt: Date.now() })
  return etag
}

export function purgeProjectPages(projectId?: string): void {
  if (!projectId) return pages.clear()
  for (const [key, entry] of pages) if (entry.projectId === projectId) pages.delete(key)
}

export function siteCacheSize(): number {
  return pages.size
}

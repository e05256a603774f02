import { storeRenderedPage, type RenderedFrom, type StoredPageKey } from '@flectar/sites'

/**
 * Keeps each page Vue rendered successfully: in this instance's memory, and a published content
 * page also as stored bytes in PostgreSQL for every instance (write-through: the first request
 * after a publish or a deploy renders, the others read). A render that saw a purge while it
 * ran is not kept in memory, it may show what was just changed; the stored copy checks its
 * versions instead. Previews (`/_preview`) and error pages are never kept.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:response', (response, { event }) => {
    const site = event.context.site as { project: { id: string } } | undefined
    if (!site || event.path.startsWith('/_preview')) return
    response.headers = { ...response.headers, 'x-flectar-cache': 'render' }
    const cache = event.context.siteCache as { key: string, purges: number } | undefined
    if (!cache || response.statusCode !== 200 || typeof response.body !== 'string') return
    const page = pageBytes(response.body, String(response.headers?.['content-type'] ?? 'text/html;charset=utf-8'))
    if (!purgedSince(cache.purges)) storeCachedPage(cache.key, site.project.id, page)
    response.headers = { ...response.headers, 'etag': page.etag, 'cache-control': 'public, max-age=0, must-revalidate' }

    const toStore = event.context.siteStoredPage as { key: StoredPageKey, from: RenderedFrom } | undefined
    const loaded = event.context.sitePage as object | undefined
    if (!toStore || !loaded || 'error' in loaded) return
    // Not awaited: the visitor does not wait for the write; a failed write only means another render.
    storeRenderedPage(useDatabase().db, toStore.key, toStore.from, page).catch((error: unknown) => {
      useLogger().warn('Could not store a rendered page', { projectId: site.project.id, path: toStore.key.path, error })
    })
  })
})

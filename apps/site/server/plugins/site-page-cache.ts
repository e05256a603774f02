// Stores each successfully rendered public page in the per-instance cache, with an ETag.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:response', (response, { event }) => {
    const key = event.context.siteCacheKey as string | undefined
    const site = event.context.site as { project: { id: string } } | undefined
    if (!key || !site || response.statusCode !== 200 || typeof response.body !== 'string') return
    const contentType = String(response.headers?.['content-type'] ?? 'text/html;charset=utf-8')
    const etag = storeCachedPage(key, site.project.id, response.body, contentType)
    response.headers = { ...response.headers, 'etag': etag, 'cache-control': 'public, max-age=0, must-revalidate', 'x-cache': 'miss' }
  })
})

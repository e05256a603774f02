import { findRedirect, localeFromPath, lookUpStoredPage } from '@flectar/sites'

// Pages of their own (the booking flow, previews); every other page path is a content page.
const APP_PAGES = /^\/(?:book|_preview)(?:\/|$)/
const NOT_PAGES = /^\/(?:api|_nuxt|_preview|templates|media|js|\.well-known|__nuxt_error)(?:\/|$)|^\/(?:sitemap\.xml|robots\.txt|favicon\.ico)$/

/**
 * Before a public page renders, answer from this instance's memory, else (a content page) from
 * the bytes stored in PostgreSQL, else let Vue render it (server/plugins/site-page-cache.ts then
 * keeps the result in both). Either answer carries an ETag (304 when it matches) and
 * `X-Flectar-Cache: memory|stored|render`. A cached page was kept after the checks below
 * passed, and any change to domains or redirects purges memory on every instance (stored bytes
 * check the redirects and versions themselves), so a memory hit touches no database.
 */
export default defineEventHandler(async (event) => {
  if ((event.method !== 'GET' && event.method !== 'HEAD') || NOT_PAGES.test(event.path)) return
  // A memory hit is the hot path: no URL object, no database, only the key.
  const queryAt = event.path.indexOf('?')
  const contentPage = !APP_PAGES.test(queryAt === -1 ? event.path : event.path.slice(0, queryAt))
  const host = requestHost(event)
  const key = cacheKey(host, event.path, contentPage)
  const cached = key ? getCachedPage(key) : undefined
  if (cached) return sendPageBytes(event, cached, 'memory')

  const url = getRequestURL(event, { xForwardedHost: useServerConfig().TRUST_PROXY })
  const purges = purgeCount()
  const site = await resolveRequestSite(event)
  if (!site) return
  if (site.redirectToHost) return sendRedirect(event, `${url.protocol}//${site.redirectToHost}${url.pathname}${url.search}`, 301)
  if (site.comingSoon) return sendComingSoon(event, site, localeFromPath(site.project, url.pathname).locale)
  const target = localeFromPath(site.project, url.pathname)
  const { db } = useDatabase()
  if (key && contentPage) {
    const storedKey = { projectId: site.project.id, host, path: url.pathname, buildId: useRuntimeConfig().app.buildId }
    const found = await lookUpStoredPage(db, storedKey, { locale: target.locale, pagePath: target.path })
    if (found?.stored) {
      if (!purgedSince(purges)) storeCachedPage(key, site.project.id, found.stored)
      return sendPageBytes(event, found.stored, 'stored')
    }
    // Rendered from the versions read just now (the page is read again below, never older).
    if (found) event.context.siteStoredPage = { key: storedKey, from: { locale: target.locale, pagePath: target.path, pagePublishedAt: found.pagePublishedAt, projectUpdatedAt: site.project.updatedAt } }
  }
  const redirect = await findRedirect(db, site.project.id, url.pathname)
  if (redirect) return sendRedirect(event, redirect.toPath, redirect.statusCode)

  if (key) event.context.siteCache = { key, purges }
  event.context.siteLocale = target.locale
  // A content page (the catch-all page renders it): load it here, in this process, once; the
  // page reads it from the request (or the 404 to show) instead of fetching its own API.
  if (contentPage) event.context.sitePage = await loadSitePage(site, url.pathname).catch((error: unknown) => ({ error }))
})

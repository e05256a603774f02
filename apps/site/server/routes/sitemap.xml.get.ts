import { listPublishedPages } from '@flectar/sites'

const escapeXml = (value: string) => value.replace(/[<>&'"]/g, char => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '\'': '&apos;', '"': '&quot;' })[char]!)

// Every published, indexable page of the project on this domain, with hreflang alternates.
export default defineEventHandler(async (event) => {
  const site = await resolveRequestSite(event)
  // A draft site ("coming soon") has no pages to show yet.
  if (!site || site.comingSoon) throw createError({ statusCode: 404, statusMessage: 'Unknown site' })
  const { project } = site
  const origin = getRequestURL(event, { xForwardedHost: useServerConfig().TRUST_PROXY }).origin
  const rows = (await listPublishedPages(useDatabase().db, project.id)).filter(row => !row.noindex?.seo?.noindex)
  const href = (locale: string, path: string) => `${origin}${locale === project.defaultLocale ? path : `/${locale}${path === '/' ? '' : path}`}`
  const byPath = Map.groupBy(rows, row => row.path)
  const urls = rows.map((row) => {
    const alternates = (byPath.get(row.path) ?? []).map(alt => `<xhtml:link rel="alternate" hreflang="${alt.locale}" href="${escapeXml(href(alt.locale, alt.path))}"/>`).join('')
    return `<url><loc>${escapeXml(href(row.locale, row.path))}</loc><lastmod>${row.publishedAt?.toISOString()}</lastmod>${alternates}</url>`
  })
  setResponseHeaders(event, { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=300' })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">${urls.join('')}</urlset>\n`
})

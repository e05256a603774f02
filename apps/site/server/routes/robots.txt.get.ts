// Published sites are open to crawlers (previews and the API are not); unknown hosts and drafts disallow all.
export default defineEventHandler(async (event) => {
  const site = await resolveRequestSite(event)
  setResponseHeaders(event, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' })
  if (!site || site.comingSoon) return 'User-agent: *\nDisallow: /\n'
  const origin = getRequestURL(event, { xForwardedHost: useServerConfig().TRUST_PROXY }).origin
  return `User-agent: *\nDisallow: /_preview/\nDisallow: /api/\nDisallow: /media/private/\n\nSitemap: ${origin}/sitemap.xml\n`
})

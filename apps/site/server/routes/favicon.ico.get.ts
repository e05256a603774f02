// Browsers ask for /favicon.ico on their own (and for files that are not pages): the site's
// favicon when it has one, else an empty 404 that costs no page render.
export default defineEventHandler(async (event) => {
  const site = await resolveRequestSite(event)
  const favicon = site?.project.branding.favicon
  setResponseHeader(event, 'cache-control', 'public, max-age=3600')
  if (favicon) return sendRedirect(event, favicon.url, 302)
  setResponseStatus(event, 404)
  return ''
})

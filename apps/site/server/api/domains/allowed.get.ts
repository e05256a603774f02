import { isVerifiedDomain } from '@flectar/sites'

// Caddy's on-demand TLS `ask` endpoint: 200 only for verified custom domains, 404 otherwise.
export default defineEventHandler(async (event) => {
  const domain = getQuery(event).domain
  const allowed = typeof domain === 'string' && await isVerifiedDomain(useDatabase().db, domain)
  setResponseHeader(event, 'cache-control', 'no-store')
  if (!allowed) throw createError({ statusCode: 404, statusMessage: 'Domain not allowed' })
  return { allowed: true }
})

import { pendingVerificationToken } from '@flectar/sites'

// HTTP domain verification: once a domain points here, this proves it to the admin app.
export default defineEventHandler(async (event) => {
  const token = await pendingVerificationToken(useDatabase().db, requestHost(event).replace(/:\d+$/, ''))
  if (!token) throw createError({ statusCode: 404, statusMessage: 'No verification pending for this domain' })
  setResponseHeaders(event, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
  return token
})

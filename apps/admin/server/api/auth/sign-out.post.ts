import { revokeSessionByToken } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const token = getCookie(event, SESSION_COOKIE)
  if (token) await revokeSessionByToken(useDatabase().db, token)
  clearSessionCookie(event)
  return { status: 'signed_out' }
})

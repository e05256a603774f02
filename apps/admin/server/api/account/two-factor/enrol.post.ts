import { startTotpEnrolment } from '@flectar/accounts'

// Returns the secret (as text and QR code) once; it is stored encrypted until confirmed.
export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  return await startTotpEnrolment(useDatabase().db, useAccountsEnv(), getRequestContext(event), user.id)
})

import { previewInvitation } from '@flectar/accounts'

// Public: the token is the secret; it shows the invited email, org and role before accepting.
export default defineEventHandler(async (event) => {
  return await previewInvitation(useDatabase().db, getRouterParam(event, 'token') ?? '')
})

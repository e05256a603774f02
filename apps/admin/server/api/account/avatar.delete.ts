import { removeAvatar } from '@flectar/accounts'

export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  await removeAvatar(useDatabase().db, useFileStorage(), getRequestContext(event), user.id)
  return { avatarVersion: null }
})

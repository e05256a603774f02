import { setAvatar } from '@flectar/accounts'

// The raw image is the body (up to 3 MB at the door, 2 MB once checked by its content).
export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const bytes = (await readRawBody(event, false)) ?? new Uint8Array()
  return await setAvatar(useDatabase().db, useFileStorage(), getRequestContext(event), user.id, bytes)
})

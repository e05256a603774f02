import { getAvatar } from '@flectar/accounts'
import { NotFoundError } from '@flectar/errors'

// Only ever the signed-in user's own image, with the type it was stored as.
export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const avatar = await getAvatar(useDatabase().db, useFileStorage(), user.id)
  if (!avatar) throw new NotFoundError('No profile image.')
  setResponseHeaders(event, {
    'content-type': avatar.contentType,
    'content-length': avatar.bytes.byteLength,
    'cache-control': 'private, max-age=300',
    'content-security-policy': 'default-src \'none\'; sandbox',
  })
  return Buffer.from(avatar.bytes.buffer, avatar.bytes.byteOffset, avatar.bytes.byteLength)
})

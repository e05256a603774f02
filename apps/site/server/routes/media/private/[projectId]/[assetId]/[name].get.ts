import { findSignedPrivateMedia } from '@flectar/sites'

// A private file through a signed link from the admin app (local-disk storage; S3 links go
// straight to the bucket). Expired, altered or foreign links are simply not found.
export default defineEventHandler(async (event) => {
  setResponseHeaders(event, { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex, nofollow', 'referrer-policy': 'no-referrer' })
  const site = await resolveRequestSite(event)
  const projectId = getRouterParam(event, 'projectId')
  const query = getQuery(event)
  const media = site && site.project.id === projectId
    ? await findSignedPrivateMedia(useDatabase().db, useFileStorage(), useServerConfig().SESSION_SECRET, { projectId, assetId: getRouterParam(event, 'assetId'), name: getRouterParam(event, 'name'), expires: query.expires, signature: query.signature })
    : undefined
  if (!media) throw createError({ statusCode: 404, statusMessage: 'This link has expired. Open the file again from the media library.' })
  const inline = media.contentType.startsWith('image/')
  setResponseHeaders(event, {
    'content-type': media.contentType,
    'content-length': media.bytes.byteLength,
    'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(media.filename)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': 'default-src \'none\'; sandbox',
  })
  return Buffer.from(media.bytes.buffer, media.bytes.byteOffset, media.bytes.byteLength)
})

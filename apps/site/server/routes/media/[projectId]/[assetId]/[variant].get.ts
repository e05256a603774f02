import { findPublicMedia } from '@flectar/sites'

// A public asset of the project this Host belongs to: `original`, or a WebP width (480, 960, 1920).
// Asset ids are never reused, so a year of caching is safe.
export default defineEventHandler(async (event) => {
  const site = await resolveRequestSite(event)
  const projectId = getRouterParam(event, 'projectId')
  if (!site || site.project.id !== projectId) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  const media = await findPublicMedia(useDatabase().db, useFileStorage(), { projectId, assetId: getRouterParam(event, 'assetId'), variant: getRouterParam(event, 'variant') })
  if (!media) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  setResponseHeaders(event, {
    'content-type': media.contentType,
    'content-length': media.bytes.byteLength,
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    'content-security-policy': 'default-src \'none\'; sandbox',
  })
  return Buffer.from(media.bytes.buffer, media.bytes.byteOffset, media.bytes.byteLength)
})

// Images that ship with the starter templates (`templates/<key>/images/*`), cached for a year.
const TYPES: Record<string, string> = { svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' }

export default defineEventHandler(async (event) => {
  const path = getRouterParam(event, 'path') ?? ''
  const match = /^([a-z0-9-]+)\/images\/([\w-]+)\.(svg|png|jpe?g|webp)$/.exec(path)
  if (!match) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  const file = await useStorage(`assets:template-${match[1]}`).getItemRaw(`${match[2]}.${match[3]}`)
  if (!file) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  setResponseHeaders(event, {
    'content-type': TYPES[match[3]!]!,
    'cache-control': 'public, max-age=31536000, immutable',
    // SVGs are served as images only: no scripts even if opened directly.
    'content-security-policy': 'default-src \'none\'; style-src \'unsafe-inline\'',
    'x-content-type-options': 'nosniff',
  })
  return file
})

import { listMedia, presentMediaAsset } from '@flectar/sites'

// The library: public assets with their site URLs, private ones with links valid five minutes.
export default defineEventHandler(async (event) => {
  const { db, scope, project } = await requireProjectAccess(event, 'viewer')
  const options = mediaUrlOptions(project)
  const assets = await listMedia(db, scope)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { data: await Promise.all(assets.map(asset => presentMediaAsset(useFileStorage(), asset, options))) }
})

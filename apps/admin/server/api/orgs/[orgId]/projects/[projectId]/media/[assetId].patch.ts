import { parseInput } from '@flectar/errors'
import { presentMediaAsset, updateMediaAlt, updateMediaAltSchema } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, project, actor } = await requireProjectAccess(event, 'editor')
  const { alt } = parseInput(updateMediaAltSchema, await readBody(event))
  const asset = await updateMediaAlt(db, scope, getRouterParam(event, 'assetId') ?? '', alt, actor)
  return await presentMediaAsset(useFileStorage(), asset, mediaUrlOptions(project))
})

import { parseInput } from '@flectar/errors'
import { presentMediaAsset, requireProject, updateMediaAlt, updateMediaAltSchema } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const { db } = useDatabase()
  const project = await requireProject(db, scope)
  const { alt } = parseInput(updateMediaAltSchema, await readBody(event))
  const asset = await updateMediaAlt(db, scope, getRouterParam(event, 'assetId') ?? '', alt)
  return await presentMediaAsset(useFileStorage(), asset, mediaUrlOptions(project))
})

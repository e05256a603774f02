import { pageDraftSchema, savePageDraft } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

// Autosave: the block content is validated against the registry; a stale version is a 409.
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(pageDraftSchema, await readBody(event))
  return await savePageDraft(db, scope, getRouterParam(event, 'pageId') ?? '', input)
})

import { z } from 'zod'
import { savePageDraft } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

const bodySchema = z.object({ version: z.number().int().min(1), content: z.unknown() })

// Autosave: the block content is validated against the registry; a stale version is a 409.
export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(bodySchema, await readBody(event))
  return await savePageDraft(useDatabase().db, scope, getRouterParam(event, 'pageId') ?? '', input)
})

import { createPage, createPageSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(createPageSchema, await readBody(event))
  const page = await createPage(db, scope, input, actor)
  setResponseStatus(event, 201)
  return page
})

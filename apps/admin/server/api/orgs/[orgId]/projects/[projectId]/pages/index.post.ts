import { createPage, createPageSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(createPageSchema, await readBody(event))
  const page = await createPage(useDatabase().db, scope, input)
  setResponseStatus(event, 201)
  return page
})

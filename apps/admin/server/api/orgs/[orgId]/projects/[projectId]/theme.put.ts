import { updateTheme, updateThemeSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

// Colours (refused below WCAG AA contrast), fonts, buttons, mode, logo and favicon.
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const input = parseInput(updateThemeSchema, await readBody(event))
  return await updateTheme(db, scope, input, actor)
})

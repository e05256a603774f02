import { updateNavigation, updateNavigationSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

// The header menus, footer links and footer details, replaced as a whole (the editor saves all of it).
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(updateNavigationSchema, await readBody(event))
  return await updateNavigation(db, scope, input, actor)
})

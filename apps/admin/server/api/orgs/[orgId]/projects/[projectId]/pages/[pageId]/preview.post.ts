import { createPreviewToken, getPage } from '@flectar/sites'

// A signed link to the draft in the real renderer, valid for 15 minutes.
export default defineEventHandler(async (event) => {
  const { db, scope, project } = await requireProjectAccess(event, 'viewer')
  const page = await getPage(db, scope, getRouterParam(event, 'pageId') ?? '')
  const token = createPreviewToken(useServerConfig().SESSION_SECRET, page.id)
  return { url: `${siteUrlOf(project.slug)}/_preview/${token}` }
})

import { createPreviewToken, getPage, getProject } from '@flectar/sites'

// A signed link to the draft in the real renderer, valid for 15 minutes.
export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  const { db } = useDatabase()
  const page = await getPage(db, scope, getRouterParam(event, 'pageId') ?? '')
  const project = await getProject(db, scope)
  const token = createPreviewToken(useServerConfig().SESSION_SECRET, page.id)
  return { url: `${useRuntimeConfig().public.siteUrlPattern.replace('{slug}', project.slug)}/_preview/${token}` }
})

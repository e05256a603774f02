import { getProject } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  const project = await getProject(useDatabase().db, scope)
  return { ...project, siteUrl: useRuntimeConfig().public.siteUrlPattern.replace('{slug}', project.slug) }
})

import { publishSite } from '@flectar/sites'

// "Publish site": the draft's first publish; visitors get its pages instead of "coming soon".
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const project = await publishSite(db, scope, actor)
  return { id: project.id, sitePublishedAt: project.sitePublishedAt }
})

export default defineEventHandler(async (event) => {
  const { project } = await requireProjectAccess(event, 'viewer')
  return { ...project, siteUrl: siteUrlOf(project.slug) }
})

import { z } from 'zod'
import { findProjectBySlug, findPublishedPage, projectSlugFromHost } from '@flectar/sites'

const querySchema = z.object({
  path: z.string().startsWith('/').max(512).default('/'),
})

// Host header -> project -> published page. Used by the page renderer during SSR.
export default defineEventHandler(async (event) => {
  const { path } = await getValidatedQuery(event, querySchema.parse)
  const slug = projectSlugFromHost(getRequestHost(event), useServerConfig().PLATFORM_DOMAIN)
  if (!slug) throw createError({ statusCode: 404, statusMessage: 'Unknown site', data: { code: 'site_not_found' } })

  const { db } = useDatabase()
  const page = await findPublishedPage(db, { slug, path })
  if (page) return page

  const project = await findProjectBySlug(db, slug)
  throw createError({
    statusCode: 404,
    statusMessage: 'Page not found',
    data: project ? { code: 'page_not_found', projectName: project.name } : { code: 'site_not_found' },
  })
})

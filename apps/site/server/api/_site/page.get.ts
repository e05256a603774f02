import { z } from 'zod'
import { requestPathSchema } from '@flectar/sites'
import { NotFoundError, parseInput } from '@flectar/errors'

// HTTP only: which page of this host to load (the app's own loadSitePage takes it).
const querySchema = z.object({ path: requestPathSchema(512).default('/') })

// Host header -> project -> locale -> published page, as the renderer sees it (the renderer
// itself loads it in-process, in the site-pages middleware; this is for tools and tests).
export default defineEventHandler(async (event) => {
  const { path } = parseInput(querySchema, getQuery(event))
  const site = await resolveRequestSite(event)
  if (!site) throw new NotFoundError('Unknown site', 'site_not_found')
  return await loadSitePage(site, path)
})

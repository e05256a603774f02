import { eq } from 'drizzle-orm'
import { pages } from '@flectar/db'
import { previewQuerySchema, verifyPreviewToken } from '@flectar/sites'
import { NotFoundError, parseInput } from '@flectar/errors'

// The draft of one page, for a signed and expiring preview link. Never cached or indexed.
export default defineEventHandler(async (event) => {
  setResponseHeaders(event, { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' })
  const { token } = parseInput(previewQuerySchema, getQuery(event))
  const verified = verifyPreviewToken(useServerConfig().SESSION_SECRET, token)
  const site = await resolveRequestSite(event)
  if (!verified || !site) throw new NotFoundError('This preview link has expired. Open the preview again from the editor.', 'preview_expired')
  const [page] = await useDatabase().db.select().from(pages).where(eq(pages.id, verified.pageId)).limit(1)
  if (!page || page.projectId !== site.project.id) throw new NotFoundError('This preview link has expired. Open the preview again from the editor.', 'preview_expired')
  const data = sitePageData(site.project, { locale: page.locale, path: page.path, content: page.draft })
  return { ...data, seo: { ...data.seo, noindex: true } }
})

import { z } from 'zod'
import { eq } from 'drizzle-orm'
import { pages } from '@flectar/db'
import { renderableBlocks } from '@flectar/blocks'
import { resolveTheme, themeCssFor, verifyPreviewToken } from '@flectar/sites'
import { NotFoundError, parseInput } from '@flectar/errors'

const querySchema = z.object({ token: z.string().min(10).max(300) })

// The draft of one page, for a signed and expiring preview link. Never cached or indexed.
export default defineEventHandler(async (event) => {
  setResponseHeaders(event, { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' })
  const { token } = parseInput(querySchema, getQuery(event))
  const verified = verifyPreviewToken(useServerConfig().SESSION_SECRET, token)
  const site = await resolveRequestSite(event)
  if (!verified || !site) throw new NotFoundError('This preview link has expired. Open the preview again from the editor.', 'preview_expired')
  const [page] = await useDatabase().db.select().from(pages).where(eq(pages.id, verified.pageId)).limit(1)
  if (!page || page.projectId !== site.project.id) throw new NotFoundError('This preview link has expired. Open the preview again from the editor.', 'preview_expired')
  const { project } = site
  return {
    project: { name: project.name, navigation: project.navigation, branding: project.branding, defaultLocale: project.defaultLocale, locales: [project.defaultLocale, ...project.extraLocales] },
    themeCss: themeCssFor(project.theme),
    themeMode: resolveTheme(project.theme).mode,
    locale: page.locale,
    path: page.path,
    title: page.draft.title,
    seo: { ...page.draft.seo, noindex: true },
    blocks: renderableBlocks(page.draft.blocks).blocks,
  }
})

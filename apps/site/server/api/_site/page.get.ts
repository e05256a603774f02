import { z } from 'zod'
import { findPublishedPageOf, localeFromPath, requestPathSchema, resolveTheme, themeCssFor } from '@flectar/sites'
import { renderableBlocks } from '@flectar/blocks'
import { NotFoundError, parseInput } from '@flectar/errors'

const querySchema = z.object({ path: requestPathSchema(512).default('/') })

// Host header -> project -> locale -> published page, for the page renderer during SSR.
export default defineEventHandler(async (event) => {
  const { path } = parseInput(querySchema, getQuery(event))
  const site = await resolveRequestSite(event)
  if (!site) throw new NotFoundError('Unknown site', 'site_not_found')
  const { project } = site
  const target = localeFromPath(project, path)
  const page = await findPublishedPageOf(useDatabase().db, project.id, target.locale, target.path)
  if (!page) {
    throw createError({ statusCode: 404, statusMessage: 'Page not found', data: { code: 'page_not_found', projectName: project.name } })
  }
  const { blocks, unknown } = renderableBlocks(page.content.blocks)
  if (unknown.length > 0) useLogger().warn('Skipped blocks of unknown type', { projectId: project.id, path, types: unknown.map(block => block.type) })
  return {
    project: { name: project.name, navigation: project.navigation, branding: project.branding, defaultLocale: project.defaultLocale, locales: [project.defaultLocale, ...project.extraLocales] },
    themeCss: themeCssFor(project.theme),
    themeMode: resolveTheme(project.theme).mode,
    locale: target.locale,
    path: target.path,
    title: page.content.title,
    seo: page.content.seo ?? {},
    blocks,
  }
})

import { resolveTheme, themeCssFor } from '@flectar/sites'
import { NotFoundError } from '@flectar/errors'

// Host header -> the project whose booking pages (/book, /book/manage/…) are rendering: what
// they need to call the public API (the slug) and to look like the rest of the site.
export default defineEventHandler(async (event) => {
  const site = await resolveRequestSite(event)
  if (!site) throw new NotFoundError('Unknown site', 'site_not_found')
  const { project } = site
  return {
    slug: project.slug,
    name: project.name,
    timeZone: project.timeZone,
    locale: project.defaultLocale,
    theme: { css: themeCssFor(project.theme), mode: resolveTheme(project.theme).mode },
    navigation: project.navigation,
    branding: project.branding,
  }
})

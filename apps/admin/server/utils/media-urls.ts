import { siteUrlFromPattern } from '@flectar/jobs'
import type { MediaUrlOptions } from '@flectar/sites'

/** Where a project's public site lives (NUXT_PUBLIC_SITE_URL_PATTERN with its slug), as the worker's reminders link to it. */
export function siteUrlOf(slug: string): string {
  return siteUrlFromPattern(useServerConfig().NUXT_PUBLIC_SITE_URL_PATTERN, slug)
}

/** How the media library links to files: the project's site, and the secret the site app checks private links with. */
export function mediaUrlOptions(project: { slug: string }): MediaUrlOptions {
  return { siteOrigin: siteUrlOf(project.slug), secret: useServerConfig().SESSION_SECRET }
}

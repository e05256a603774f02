/**
 * Where a project's public site lives: `NUXT_PUBLIC_SITE_URL_PATTERN` with its slug, e.g.
 * `https://{slug}.example.com` → `https://demo.example.com`. Links in emails and media URLs.
 */
export function siteUrlFromPattern(pattern: string, slug: string): string {
  return pattern.replace('{slug}', slug)
}

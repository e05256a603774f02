import type { H3Event } from 'h3'
import { escapeHtml } from '@flectar/blocks'
import { resolveTheme, themeCssFor, type ResolvedHost } from '@flectar/sites'

// Its own few words (the block's ui-strings are for published pages), English for other languages.
const COMING_SOON: Record<string, { title: string, text: string }> = {
  en: { title: 'Coming soon', text: 'Our new website is on its way. Please check back soon.' },
  es: { title: 'Próximamente', text: 'Nuestra nueva web está en camino. Vuelve pronto.' },
  ca: { title: 'Aviat', text: 'La nostra nova web és en camí. Torna aviat.' },
  de: { title: 'Bald verfügbar', text: 'Unsere neue Website ist unterwegs. Schauen Sie bald wieder vorbei.' },
  fr: { title: 'Bientôt en ligne', text: 'Notre nouveau site arrive bientôt. Revenez vite.' },
  it: { title: 'Presto online', text: 'Il nostro nuovo sito è in arrivo. Torna a trovarci presto.' },
  pt: { title: 'Em breve', text: 'O nosso novo site está a caminho. Volte em breve.' },
  nl: { title: 'Binnenkort online', text: 'Onze nieuwe website komt eraan. Kom snel terug.' },
}

/**
 * What a draft site's visitors get on every page (`resolveHost` decides: `comingSoon`): its
 * name, logo and colours and a short note, never its pages; `noindex` in the page and in
 * `X-Robots-Tag`, not cached, so the first publish shows the site at once.
 */
export function sendComingSoon(event: H3Event, site: ResolvedHost, locale: string): string {
  const { project } = site
  const strings = COMING_SOON[locale.toLowerCase().split('-')[0]!] ?? COMING_SOON.en!
  const logo = project.branding.logo
  setResponseHeaders(event, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' })
  const name = escapeHtml(project.name)
  return `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}" data-theme-mode="${resolveTheme(project.theme).mode}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(strings.title)} · ${name}</title>
${project.branding.favicon ? `<link rel="icon" href="${escapeHtml(project.branding.favicon.url)}">` : ''}
<style>${themeCssFor(project.theme)}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--fb-background);color:var(--fb-text);font-family:var(--fb-font-body);text-align:center}
main{max-width:36rem;padding:2rem 1.5rem}
h1{font-family:var(--fb-font-heading);font-size:clamp(2rem,6vw,3rem);line-height:1.15;margin:.5rem 0 1rem}
p{font-size:1.125rem;line-height:1.6;margin:0}
.fb-coming-soon-mark{display:inline-block;padding:.25rem .75rem;border-radius:var(--fb-radius-button);background:var(--fb-primary);color:var(--fb-on-primary);font-size:.875rem;font-weight:600;letter-spacing:.02em}
img{max-height:4rem;max-width:100%;margin-bottom:1rem}
</style>
</head>
<body>
<main>
${logo ? `<img src="${escapeHtml(logo.url)}" alt="${escapeHtml(logo.alt)}" height="64">` : ''}
<span class="fb-coming-soon-mark">${escapeHtml(strings.title)}</span>
<h1>${name}</h1>
<p>${escapeHtml(strings.text)}</p>
</main>
</body>
</html>
`
}

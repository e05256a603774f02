import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// Each starter template's images folder is bundled as a server asset (`assets:template-<key>`).
const templatesDir = fileURLToPath(new URL('../../templates', import.meta.url))
const templateImageDirs = readdirSync(templatesDir, { withFileTypes: true })
  .filter(entry => entry.isDirectory() && existsSync(`${templatesDir}/${entry.name}/images`))
  .map(entry => ({ baseName: `template-${entry.name}`, dir: `${templatesDir}/${entry.name}/images` }))

export default defineNuxtConfig({
  extends: ['@flectar/app-base', '@flectar/blocks/nuxt.config'],
  devtools: { enabled: false },
  app: {
    head: {
      htmlAttrs: { lang: 'en' },
      meta: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
    },
  },
  css: ['~/assets/css/main.css'],
  // Public pages are plain HTML and CSS: no framework JavaScript is shipped to visitors.
  routeRules: {
    '/**': { noScripts: true },
    // …except the booking flow, which runs in the browser and may be framed by any site (the
    // embed script and the booking-widget block). The site sends no X-Frame-Options anywhere.
    '/book': { noScripts: false, headers: { 'content-security-policy': 'frame-ancestors *' } },
    '/book/**': { noScripts: false, headers: { 'content-security-policy': 'frame-ancestors *' } },
    '/_preview/**': { headers: { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' } },
  },
  features: { inlineStyles: true },
  compatibilityDate: '2026-11-01',
  nitro: {
    serverAssets: templateImageDirs,
  },
  typescript: { strict: true },
})

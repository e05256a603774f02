import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FONT_BASE_URL, FONTS } from '@flectar/blocks/theme-fonts'

// Each starter template's images folder is bundled as a server asset (`assets:template-<key>`).
const templatesDir = fileURLToPath(new URL('../../templates', import.meta.url))
const templateImageDirs = readdirSync(templatesDir, { withFileTypes: true })
  .filter(entry => entry.isDirectory() && existsSync(`${templatesDir}/${entry.name}/images`))
  .map(entry => ({ baseName: `template-${entry.name}`, dir: `${templatesDir}/${entry.name}/images` }))

// The themes' fonts (FONTS of @flectar/blocks), served from the site's own origin under /_fonts/:
// no visitor's browser asks a third party for them. The files never change under a name.
const require = createRequire(import.meta.url)
const fontDirs = Object.values(FONTS).flatMap(font => font.files
  ? [{ dir: path.join(path.dirname(require.resolve(`${font.files.package}/package.json`)), 'files'), baseURL: FONT_BASE_URL, maxAge: 60 * 60 * 24 * 365 }]
  : [])

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
    // Request bodies (P8) are limited while they stream in (app-base's body-limit middleware):
    // contact forms and booking requests are small; analytics events and booking files set their own.
    '/**': { noScripts: true, bodyLimit: 256 * 1024 },
    // MAX_EVENT_BYTES of @flectar/analytics.
    '/api/event': { bodyLimit: 4096 },
    // BOOKING_FILE_MAX_BYTES of @flectar/sites (checked by the package) plus the multipart envelope.
    '/api/v1/projects/*/uploads': { bodyLimit: 10 * 1024 * 1024 + 64 * 1024 },
    // The booking pages are server routes (server/routes/book) that any site may frame (the embed
    // script and the booking-widget block). The site sends no X-Frame-Options anywhere.
    '/book': { headers: { 'content-security-policy': 'frame-ancestors *' } },
    '/book/**': { headers: { 'content-security-policy': 'frame-ancestors *' } },
    // The details form carries a booking question's file (multipart), like the upload endpoint.
    '/book/details': { bodyLimit: 10 * 1024 * 1024 + 64 * 1024, headers: { 'content-security-policy': 'frame-ancestors *' } },
    '/_preview/**': { headers: { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' } },
  },
  features: { inlineStyles: true },
  compatibilityDate: '2026-11-01',
  nitro: {
    serverAssets: templateImageDirs,
    publicAssets: fontDirs,
  },
  typescript: { strict: true },
})

export default defineNuxtConfig({
  extends: ['@flectar/app-base'],
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
  },
  features: { inlineStyles: true },
  compatibilityDate: '2026-11-01',
  typescript: { strict: true },
})

export default defineNuxtConfig({
  extends: ['@flectar/app-base'],
  modules: ['@nuxt/ui'],
  devtools: { enabled: false },
  app: {
    head: {
      title: 'Flectar Base',
      htmlAttrs: { lang: 'en' },
      link: [{ rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }],
    },
  },
  css: ['~/assets/css/main.css'],
  // Fully offline: no font APIs at build time, icons bundled instead of fetched from Iconify.
  ui: { fonts: false },
  runtimeConfig: {
    public: {
      // Where a project's public site lives; `{slug}` is replaced. Override with NUXT_PUBLIC_SITE_URL_PATTERN.
      siteUrlPattern: 'http://{slug}.localhost:3001',
    },
  },
  compatibilityDate: '2026-11-01',
  typescript: { strict: true },
  icon: {
    mode: 'svg',
    provider: 'server',
    serverBundle: { collections: ['lucide'] },
    clientBundle: { scan: true },
    fallbackToApi: false,
  },
})

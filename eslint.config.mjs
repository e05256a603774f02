import { createConfigForNuxt } from '@nuxt/eslint-config/flat'

// One flat config for the whole monorepo: Nuxt apps, the shared layer and plain TS packages.
export default createConfigForNuxt({
  features: {
    stylistic: true,
    tooling: true,
  },
}).append(
  {
    ignores: ['**/.nuxt/**', '**/.output/**', '**/.data/**', '**/node_modules/**', 'drizzle/meta/**', '**/.turbo/**'],
  },
  {
    rules: { 'vue/max-attributes-per-line': 'off' },
  },
  {
    files: ['apps/*/app/pages/**/*.vue', 'apps/*/app/layouts/**/*.vue', 'apps/*/app/error.vue', 'apps/*/app/app.vue'],
    rules: { 'vue/multi-word-component-names': 'off' },
  },
)

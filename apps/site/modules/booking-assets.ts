import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineNuxtModule } from 'nuxt/kit'
import ts from 'typescript'

/**
 * The booking pages' two static files, built with the app: the stylesheet (the blocks' CSS,
 * which draws the site's frame, plus the booking styles) and the enhancement script (one
 * TypeScript module, no imports, compiled to ES2020). Served from `/_book/` under hashed
 * names, cached for a year; the server routes read the names from the runtime config (`bookingAssets`).
 */
export default defineNuxtModule({
  meta: { name: 'booking-assets' },
  setup(_options, nuxt) {
    const source = fileURLToPath(new URL('../booking-client/', import.meta.url))
    // Outside .nuxt, which Nuxt empties while it builds.
    const outDir = join(nuxt.options.rootDir, 'node_modules/.cache/flectar-booking-assets')
    const blocksCss = createRequire(import.meta.url).resolve('@flectar/blocks/blocks.css')

    const build = () => {
      const css = `${readFileSync(blocksCss, 'utf8')}\n${readFileSync(join(source, 'booking.css'), 'utf8')}`
      const compiled = ts.transpileModule(readFileSync(join(source, 'booking.ts'), 'utf8'), {
        compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.None, removeComments: true },
      }).outputText
      const js = `(function(){${compiled.replace(/^"use strict";\s*/, '').replace(/export \{\};\s*$/, '')}})();\n`
      const named = (text: string, extension: string) => `booking.${createHash('sha256').update(text).digest('base64url').slice(0, 10)}.${extension}`
      rmSync(outDir, { recursive: true, force: true })
      mkdirSync(outDir, { recursive: true })
      const files = { css: named(css, 'css'), js: named(js, 'js') }
      writeFileSync(join(outDir, files.css), css)
      writeFileSync(join(outDir, files.js), js)
      return { css: `/_book/${files.css}`, js: `/_book/${files.js}` }
    }

    // Written when the app is built or prepared; the names reach the server as runtime config.
    nuxt.options.runtimeConfig.bookingAssets = build()
    nuxt.hook('nitro:config', (config) => {
      config.publicAssets = [...(config.publicAssets ?? []), { dir: outDir, baseURL: '/_book', maxAge: 365 * 24 * 3600 }]
    })
  },
})

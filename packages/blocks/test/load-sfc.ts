import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import ts from 'typescript'
import type { Component } from 'vue'
import { compileScript, parse } from 'vue/compiler-sfc'

/**
 * Loads a Vue SFC in plain vitest (no Vue build plugin): compiles it with Vue's own
 * compiler, strips TypeScript, and evaluates it with its imports resolved here: `vue`,
 * sibling `.vue` files (recursively), the package's TypeScript modules (through vitest),
 * and virtual modules such as Nuxt's `#imports`, which the caller provides.
 */
export function createSfcLoader(virtualModules: Record<string, Record<string, unknown>>) {
  const cache = new Map<string, Promise<Component>>()

  async function loadModule(specifier: string, from: string): Promise<unknown> {
    if (specifier in virtualModules) return virtualModules[specifier]
    if (specifier === 'vue') return await import('vue')
    if (!specifier.startsWith('.')) throw new Error(`load-sfc: no module for "${specifier}" (imported by ${from})`)
    const path = resolve(dirname(from), specifier)
    if (path.endsWith('.vue')) return { __esModule: true, default: await load(path) }
    return await import(path)
  }

  async function compile(file: string): Promise<Component> {
    const { descriptor, errors } = parse(readFileSync(file, 'utf8'), { filename: file })
    if (errors.length > 0) throw errors[0]
    // Production-like: template comments are dropped, as in a built app.
    const script = compileScript(descriptor, { id: file, inlineTemplate: true, templateOptions: { compilerOptions: { comments: false } } })
    const { outputText } = ts.transpileModule(script.content, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, verbatimModuleSyntax: false },
      fileName: `${file}.ts`,
    })
    const modules = new Map<string, unknown>()
    for (const [, specifier] of outputText.matchAll(/require\("([^"]+)"\)/g)) modules.set(specifier!, await loadModule(specifier!, file))
    const module = { exports: {} as { default?: Component } }
    // The code is the compiled SFC from this package, evaluated as a CommonJS module.
    new Function('require', 'module', 'exports', outputText)((specifier: string) => modules.get(specifier), module, module.exports)
    if (!module.exports.default) throw new Error(`load-sfc: ${file} has no default export`)
    return module.exports.default
  }

  function load(file: string): Promise<Component> {
    if (!cache.has(file)) cache.set(file, compile(file))
    return cache.get(file)!
  }

  return { load }
}

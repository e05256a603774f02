import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { request } from 'node:http'
import path from 'node:path'

export const repoRoot = path.resolve(import.meta.dirname, '../..')

export interface RunningProcess {
  process: ChildProcess
  output: () => string
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<void>
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  exited: Promise<number | null>
}

export interface RunningApp extends RunningProcess {
  port: number
}

/** Starts the built Nitro server of `apps/<name>` (run `pnpm build` first) on `port`. */
export function startBuiltApp(name: 'admin' | 'site', port: number, env: Record<string, string>): RunningApp {
  const entry = path.join(repoRoot, 'apps', name, '.output/server/index.mjs')
  return { port, ...startBuilt(entry, { HOST: '127.0.0.1', PORT: String(port), ...env }) }
}

/** Starts the built worker (`apps/worker/.output/worker.mjs`, from `pnpm build`): the background jobs, no port. */
export function startBuiltWorker(env: Record<string, string>): RunningProcess {
  return startBuilt(path.join(repoRoot, 'apps/worker/.output/worker.mjs'), env)
}

function startBuilt(entry: string, env: Record<string, string>): RunningProcess {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the apps first (pnpm test does).`)
  let output = ''
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  return {
    process: child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await exited
    },
  }
}

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * A request through node:http so the Host header is sent as given (`fetch` drops it, and
 * `*.localhost` does not resolve outside the browser here).
 */
export async function httpRequest(port: number, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string | Buffer, options: { localAddress?: string, timeoutMs?: number } = {}): Promise<HttpResult> {
  return await new Promise((resolve, reject) => {
    // `localAddress` (127.0.0.2, 127.0.0.3…) makes the request come from another client address.
    const req = request({ host: '127.0.0.1', port, path: urlPath, method, headers, localAddress: options.localAddress }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', chunk => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    // A request that waits on something slow by design (a DNS check) passes a longer `timeoutMs`.
    req.setTimeout(options.timeoutMs ?? 15_000, () => req.destroy(new Error(`${method} ${urlPath} timed out`)))
    req.end(body)
  })
}

export async function httpGet(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return await httpRequest(port, 'GET', urlPath, headers)
}

/** Polls `/api/health` until it answers 200; throws with the server output otherwise. */
export async function waitUntilHealthy(app: RunningApp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) break
    const ok = await httpGet(app.port, '/api/health').then(result => result.status === 200, () => false)
    if (ok) return
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error(`App on port ${app.port} did not become healthy:\n${app.output()}`)
}

import { readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { findFreePort } from '@flectar/db/embedded'
import { startBuiltApp, waitUntilHealthy, type RunningApp } from './support/apps'

const MB = 1024 * 1024

/**
 * Streams up to `totalBytes` as a chunked body (no Content-Length), honouring back-pressure,
 * until the server answers or drops the connection. Returns the status and how much was sent.
 */
async function flood(port: number, path: string, headers: Record<string, string>, totalBytes: number) {
  return await new Promise<{ status: number, sentBytes: number }>((resolve) => {
    let sentBytes = 0
    let status = 0
    let done = false
    const finish = () => {
      if (done) return
      done = true
      req.destroy()
      resolve({ status, sentBytes })
    }
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      status = res.statusCode ?? 0
      res.resume()
      res.on('end', finish)
      res.on('close', finish)
    })
    req.on('error', finish)
    req.on('close', () => setTimeout(finish, 50))
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const write = () => {
      while (!done && sentBytes < totalBytes) {
        sentBytes += chunk.length
        if (!req.write(chunk)) return void req.once('drain', write)
      }
      if (!done) req.end()
    }
    write()
  })
}

async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024
}

// Own instances of both built apps, so that their memory is this test's alone.
describe('request body limits while the body streams in', () => {
  const apps: Partial<Record<'admin' | 'site', RunningApp>> = {}

  beforeAll(async () => {
    for (const name of ['admin', 'site'] as const) {
      apps[name] = startBuiltApp(name, await findFreePort(), inject('appEnv'))
    }
    await Promise.all(Object.values(apps).map(app => waitUntilHealthy(app)))
  })
  afterAll(async () => {
    await Promise.all(Object.values(apps).map(app => app.stop()))
  })

  const cases = [
    { app: 'admin', path: '/api/auth/sign-in', headers: (port: number) => ({ 'origin': `http://127.0.0.1:${port}`, 'content-type': 'application/json' }) },
    { app: 'site', path: '/api/event', headers: (port: number) => ({ 'host': `demo.localhost:${port}`, 'content-type': 'text/plain' }) },
    { app: 'site', path: '/api/forms/contact', headers: (port: number) => ({ 'host': `demo.localhost:${port}`, 'content-type': 'application/x-www-form-urlencoded' }) },
    { app: 'site', path: '/api/v1/projects/demo/bookings', headers: (port: number) => ({ 'host': `demo.localhost:${port}`, 'content-type': 'application/json' }) },
  ] as const

  it.each(cases)('$app $path: a 200 MB chunked body gets 413 after a few MB, and the server barely grows', async ({ app: name, path, headers }) => {
    const app = apps[name]!
    const before = await residentBytes(app.process.pid!)
    const { status, sentBytes } = await flood(app.port, path, headers(app.port), 200 * MB)
    const after = await residentBytes(app.process.pid!)
    expect(status).toBe(413)
    // What the kernel's socket buffers took in before the server stopped reading, no more.
    expect(sentBytes).toBeLessThan(8 * MB)
    expect(after - before).toBeLessThan(20 * MB)
    // The server is fine afterwards.
    const health = await fetch(`http://127.0.0.1:${app.port}/api/health`)
    expect(health.status).toBe(200)
  })
})

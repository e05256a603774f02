import { afterEach, describe, expect, inject, it } from 'vitest'
import { findFreePort } from '@flectar/db/embedded'
import { httpGet, startBuiltApp, type RunningApp } from './support/apps'

describe('GET /api/health', () => {
  const started: RunningApp[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map(app => app.stop()))
  })

  it.each(['adminPort', 'sitePort'] as const)('answers 200 {"status":"ok"} on %s when the database answers', async (which) => {
    const response = await httpGet(inject(which), '/api/health')
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' })
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it.each(['admin', 'site'] as const)('answers 503 on the %s app while the database is unreachable', async (name) => {
    const closedPort = await findFreePort()
    const app = startBuiltApp(name, await findFreePort(), {
      ...inject('appEnv'),
      DATABASE_URL: `postgres://flectar:secret-pw@127.0.0.1:${closedPort}/flectar`,
    })
    started.push(app)
    let response = await httpGet(app.port, '/api/health').catch(() => undefined)
    for (let tries = 0; !response && tries < 100; tries++) {
      await new Promise(resolve => setTimeout(resolve, 100))
      response = await httpGet(app.port, '/api/health').catch(() => undefined)
    }
    expect(response?.status).toBe(503)
    expect(JSON.parse(response!.body)).toEqual({ status: 'unavailable' })
    expect(response!.body + app.output()).not.toContain('secret-pw')
  })
})

describe('start-up configuration checks', () => {
  it.each(['admin', 'site'] as const)('the %s app refuses to start in production without its secrets', async (name) => {
    const { DATABASE_URL, PLATFORM_DOMAIN } = inject('appEnv')
    const app = startBuiltApp(name, await findFreePort(), { DATABASE_URL: DATABASE_URL!, PLATFORM_DOMAIN: PLATFORM_DOMAIN! })
    const code = await new Promise(resolve => app.process.once('exit', resolve))
    expect(code).toBe(1)
    expect(app.output()).toContain('Missing required secrets in production: SESSION_SECRET, ENCRYPTION_KEY')
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from './testing'

/**
 * postgres.js 3.4.9 threw from a timer when a connection closed with a write scheduled (a reserved
 * connection whose backend was terminated, or a database restart under load), which ended the
 * process: bench:cluster saw a worker exit after a PostgreSQL restart. patches/postgres@3.4.9.patch
 * makes those queries fail instead (porsager/postgres#1154, #1208).
 */
describe('a connection closed under a query', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  const uncaught: unknown[] = []
  const record = (error: unknown) => uncaught.push(error)

  beforeAll(async () => {
    database = await createTestDatabase()
    process.on('uncaughtException', record)
  })
  afterAll(async () => {
    process.off('uncaughtException', record)
    await database.drop()
  })

  it('fails its queries instead of throwing where nothing can catch it, and the pool goes on', async () => {
    const reserved = await database.sql.reserve()
    const [row] = await reserved<Array<{ pid: number }>>`select pg_backend_pid() as pid`
    await database.sql`select pg_terminate_backend(${row!.pid})`
    await new Promise(resolve => setTimeout(resolve, 200))
    const settled = (query: Promise<unknown>) => Promise.race([
      query.then(() => 'answered', (error: { code?: string }) => `failed: ${error.code}`),
      new Promise(resolve => setTimeout(() => resolve('hung'), 5000)),
    ])
    const first = await settled(reserved`select 1`)
    const second = await settled(reserved`select 1`)
    expect(uncaught).toEqual([])
    expect([first, second]).not.toContain('hung')
    expect(second).toBe('failed: CONNECTION_CLOSED')
    reserved.release()
    expect(await database.sql`select 1 as one`).toEqual([{ one: 1 }])
  })
})

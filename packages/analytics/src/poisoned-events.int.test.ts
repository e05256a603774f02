import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsEvents, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { createEventBuffer } from './buffer'
import { beaconSchema, deriveEvent, type AnalyticsEventRow, type IngestContext } from './derive'

// Issue 11, finding 4: one beacon PostgreSQL refused (a NUL from `?utm_source=%00`) failed
// its whole batch; the batch was put back and failed again on every retry, so no site on the
// instance stored analytics until a restart.
let database: Awaited<ReturnType<typeof createTestDatabase>>
const orgId = randomUUID()
const projectId = randomUUID()
const NUL = JSON.parse('"\\u0000"') as string

beforeAll(async () => {
  database = await createTestDatabase()
  await database.db.insert(organizations).values({ id: orgId, name: 'Poison', slug: `poison-${orgId.slice(0, 8)}` })
  await database.db.insert(projects).values({ id: projectId, orgId, name: 'Poison site', slug: `poison-site-${orgId.slice(0, 8)}`, modules: ['analytics'] })
})
afterAll(async () => {
  await database?.drop()
})

const context: IngestContext = {
  projectId, host: 'poison.localhost', ipKey: 'ipkey', headers: {}, cookieless: false, salt: 'salt-of-today', now: new Date('2026-05-01T10:00:00Z'),
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
}

/** What the ingest route does with a beacon's JSON: the schema, then the row, or nothing. */
function ingest(json: unknown): AnalyticsEventRow | undefined {
  const beacon = beaconSchema.safeParse(json)
  return beacon.success ? deriveEvent(beacon.data, context) : undefined
}

async function storedPaths() {
  const rows = await database.db.select({ path: analyticsEvents.path, utmSource: analyticsEvents.utmSource }).from(analyticsEvents).where(eq(analyticsEvents.projectId, projectId))
  return rows.map(row => `${row.path} ${row.utmSource}`).sort()
}

describe('a poisoned beacon among good ones', () => {
  it('stores the good ones, and the poisoned one without its control characters or not at all', async () => {
    await database.db.delete(analyticsEvents)
    const buffer = createEventBuffer(database.db, { intervalMs: 60_000, onError: () => expect.fail('no batch may fail') })
    const beacons = [
      { n: 'pageview', p: '/one', v: 'a' },
      { n: 'pageview', p: '/?utm_source=%00', v: 'b' },
      { n: 'signup', p: '/two', v: 'c', d: { plan: NUL } },
      { n: 'pageview', p: `/three${NUL}`, v: 'd' },
      { n: 'pageview', p: '/four?utm_source=ig', v: 'e' },
    ]
    for (const beacon of beacons) {
      const row = ingest(beacon)
      if (row) buffer.push(row)
    }
    await buffer.close()
    expect(await storedPaths()).toEqual(['/ null', '/four ig', '/one null'])
  })
})

describe('a row PostgreSQL refuses for another reason', () => {
  const good = (path: string) => ({ ...ingest({ n: 'pageview', p: path })! })

  it('is dropped, counted without its content, and the rest of its batch is stored', async () => {
    await database.db.delete(analyticsEvents)
    const dropped: Array<[number, string]> = []
    const failures: unknown[] = []
    const buffer = createEventBuffer(database.db, { intervalMs: 60_000, onDropped: (count, code) => dropped.push([count, code]), onError: error => failures.push(error) })
    // Past validation, as a bug or a future field could let them through.
    const refused: AnalyticsEventRow[] = [
      { ...good('/x'), props: { note: NUL } },
      { ...good('/y'), path: '/\uD800' },
    ]
    const rows = Array.from({ length: 9 }, (_, index) => good(`/good-${index}`))
    rows.splice(3, 0, refused[0]!)
    rows.splice(7, 0, refused[1]!)
    for (const row of rows) buffer.push(row)
    await buffer.flush()

    expect(failures).toEqual([])
    expect(buffer.size()).toBe(0)
    expect(dropped.reduce((sum, [count]) => sum + count, 0)).toBe(2)
    for (const [, code] of dropped) expect(code).toMatch(/^22/)
    expect(await storedPaths()).toEqual(Array.from({ length: 9 }, (_, index) => `/good-${index} null`).sort())
    // The next batch is stored as usual.
    buffer.push(good('/later'))
    await buffer.close()
    expect(await storedPaths()).toContain('/later null')
  })

  it('keeps what was not stored when the database itself fails midway, for the next try', async () => {
    let calls = 0
    const flaky = {
      execute: async (query: unknown) => {
        calls++
        if (calls === 1) throw Object.assign(new Error('refused'), { cause: { code: '22P05' } })
        if (calls === 2) return await database.db.execute(query as never)
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
      },
    } as unknown as typeof database.db
    await database.db.delete(analyticsEvents)
    const kept: number[] = []
    const buffer = createEventBuffer(flaky, { intervalMs: 60_000, onError: (_, count) => kept.push(count) })
    for (let index = 0; index < 4; index++) buffer.push(good(`/flaky-${index}`))
    await buffer.flush()
    // The first half went in; the second half waits for the database to come back.
    expect(await storedPaths()).toEqual(['/flaky-0 null', '/flaky-1 null'])
    expect(kept).toEqual([2])
    expect(buffer.size()).toBe(2)
  })
})

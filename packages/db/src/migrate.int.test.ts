import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runMigrations } from './migrate'
import { createDatabase, dropDatabase, uniqueDatabaseName } from './testing'

describe('runMigrations on a fresh database', () => {
  const name = uniqueDatabaseName('flectar_migrate')
  let url: string

  beforeAll(async () => {
    url = await createDatabase(inject('databaseAdminUrl'), name)
  })
  afterAll(() => dropDatabase(inject('databaseAdminUrl'), name))

  async function snapshot() {
    const sql = postgres(url, { max: 1 })
    try {
      const tables = await sql<{ table_name: string }[]>`
        select table_name from information_schema.tables where table_schema = 'public' order by table_name`
      const [applied] = await sql<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`
      return { tables: tables.map(row => row.table_name), applied: applied?.count }
    }
    finally {
      await sql.end()
    }
  }

  it('creates every table, and a second run changes nothing', async () => {
    await runMigrations(url)
    const first = await snapshot()
    expect(first.tables).toEqual(expect.arrayContaining(['users', 'organizations', 'memberships', 'projects', 'pages']))
    expect(first.applied).toBeGreaterThan(0)

    await runMigrations(url)
    expect(await snapshot()).toEqual(first)
  })

  it('lets concurrent migrators take turns instead of failing', async () => {
    const other = await createDatabase(inject('databaseAdminUrl'), uniqueDatabaseName('flectar_migrate'))
    await expect(Promise.all([runMigrations(other), runMigrations(other), runMigrations(other)])).resolves.toBeDefined()
    await dropDatabase(inject('databaseAdminUrl'), new URL(other).pathname.slice(1))
  })
})

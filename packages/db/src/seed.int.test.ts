import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memberships, organizations, users } from './schema'
import { DEMO_OWNER_EMAIL, seedDemo } from './seed'
import { createTestDatabase } from './testing'

describe('seedDemo', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(() => database.drop())

  async function counts() {
    const { db } = database
    const rows = await Promise.all([users, organizations, memberships].map(table => db.select({ n: count() }).from(table)))
    return rows.map(([row]) => row?.n)
  }

  it('creates a verified owner of the demo org', async () => {
    const result = await seedDemo(database.db, { ownerPasswordHash: 'hash-one' })
    expect(result.created).toBe(true)

    const owner = await database.db.query.users.findFirst({ where: eq(users.email, DEMO_OWNER_EMAIL) })
    expect(owner?.passwordHash).toBe('hash-one')
    const membership = await database.db.query.memberships.findFirst({ where: eq(memberships.userId, owner!.id) })
    expect(membership).toMatchObject({ orgId: result.orgId, role: 'owner' })
    expect(owner?.emailVerifiedAt).toBeInstanceOf(Date)
  })

  it('is idempotent: a second and concurrent runs add nothing and keep the password', async () => {
    const before = await counts()
    const again = await Promise.all([
      seedDemo(database.db, { ownerPasswordHash: 'hash-two' }),
      seedDemo(database.db, { ownerPasswordHash: 'hash-three' }),
    ])
    expect(again.map(result => result.created)).toEqual([false, false])
    expect(await counts()).toEqual(before)
    const owner = await database.db.query.users.findFirst({ where: eq(users.email, DEMO_OWNER_EMAIL) })
    expect(owner?.passwordHash).toBe('hash-one')
  })
})

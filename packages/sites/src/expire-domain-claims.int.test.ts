import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { organizations, projectDomains } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { addDomain } from './domains'
import { expireDomainClaims } from './expire-domain-claims'
import { EXPIRE_DOMAIN_CLAIMS_QUEUE, startSiteJobs } from './jobs'
import { createProject } from './projects'
import type { ProjectScope } from './project-scope'

const DAY_MS = 24 * 60 * 60 * 1000

describe('expiring unverified domain claims', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Expiry', slug: 'expiry' }).returning()
    const project = await createProject(database.db, org!.id, { name: 'Expiry', slug: 'expiry-site', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    scope = { orgId: org!.id, projectId: project.id }
  })
  afterAll(() => database.drop())

  /** A claim made `ageDays` ago, verified or not. */
  async function claim(hostname: string, ageDays: number, verified = false) {
    const domain = await addDomain(database.db, scope, { hostname }, 'localhost', SYSTEM_ACTOR)
    const createdAt = new Date(Date.now() - ageDays * DAY_MS)
    await database.db.update(projectDomains).set({ createdAt, verifiedAt: verified ? createdAt : null }).where(eq(projectDomains.id, domain.id))
    return domain.id
  }
  const hostsLeft = async (ids: string[]) => (await database.db.select({ hostname: projectDomains.hostname }).from(projectDomains).where(inArray(projectDomains.id, ids))).map(row => row.hostname).sort()

  it('deletes unverified claims past 7 days, keeping fresh claims and verified hosts of any age', async () => {
    const ids = [await claim('old.example', 8), await claim('fresh.example', 6), await claim('verified.example', 30, true)]
    expect(await expireDomainClaims(database.db)).toBe(1)
    expect(await hostsLeft(ids)).toEqual(['fresh.example', 'verified.example'])
    expect(await expireDomainClaims(database.db)).toBe(0)
    // Once it is past 7 days, the fresh one goes too.
    expect(await expireDomainClaims(database.db, new Date(Date.now() + 2 * DAY_MS))).toBe(1)
  })

  it('runs as the sites-expire-domain-claims pg-boss job', async () => {
    const id = await claim('job.example', 9)
    const done: unknown[] = []
    const jobs = await startSiteJobs({ connectionString: database.url, db: database.db, onDone: (job, result) => done.push([job, result]) })
    try {
      await jobs.boss.send(EXPIRE_DOMAIN_CLAIMS_QUEUE)
      for (let waited = 0; done.length === 0 && waited < 15_000; waited += 100) await new Promise(resolve => setTimeout(resolve, 100))
      expect(done).toEqual([[EXPIRE_DOMAIN_CLAIMS_QUEUE, 1]])
      expect(await hostsLeft([id])).toEqual([])
    }
    finally {
      await jobs.stop()
    }
  })
})

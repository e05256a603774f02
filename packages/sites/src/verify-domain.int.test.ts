import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { memberships, organizations, outboxMessages, projectDomains, users } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { addDomain, isVerifiedDomain, listDomains, pendingVerificationToken, requireDomain, type DomainVerifier } from './domains'
import { createProject } from './projects'
import type { ProjectScope } from './project-scope'
import { resolveHost } from './resolve-site'
import { SITE_CHANGED_CHANNEL } from './site-changed'
import { verifyDomain } from './verify-domain'

describe('domain claims: a claim blocks no one, the first to verify gets the host', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let a: ProjectScope
  let b: ProjectScope

  /** An org with an owner and one project. */
  async function tenant(name: string, ownerEmail: string): Promise<ProjectScope> {
    const [org] = await database.db.insert(organizations).values({ name, slug: name.toLowerCase() }).returning()
    const [owner] = await database.db.insert(users).values({ email: ownerEmail, name }).returning()
    await database.db.insert(memberships).values({ orgId: org!.id, userId: owner!.id, role: 'owner' })
    const project = await createProject(database.db, org!.id, { name: `${name} site`, slug: `${name.toLowerCase()}-site`, timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    return { orgId: org!.id, projectId: project.id }
  }

  /** DNS that holds the TXT records of these claims (whoever controls the zone put them there). */
  function dnsWith(...claims: Array<{ hostname: string, verificationToken: string }>): DomainVerifier {
    return {
      txtRecords: async name => claims.filter(claim => name === `_flectar-verification.${claim.hostname}`).map(claim => `flectar-verification=${claim.verificationToken}`),
      httpToken: async () => undefined,
    }
  }
  /** The host points at this platform: the HTTP check reaches the site app's own answer. */
  const pointsHere = (): DomainVerifier => ({ txtRecords: async () => [], httpToken: async hostname => pendingVerificationToken(database.db, hostname) })

  beforeAll(async () => {
    database = await createTestDatabase()
    a = await tenant('Alpha', 'owner-a@example.com')
    b = await tenant('Bravo', 'owner-b@example.com')
  })
  afterAll(() => database.drop())

  it('lets B claim a host A claimed, gives it to A when A verifies, and removes B\'s claim', async () => {
    const claimA = await addDomain(database.db, a, { hostname: 'www.shop.example' }, 'localhost', SYSTEM_ACTOR)
    const claimB = await addDomain(database.db, b, { hostname: 'www.shop.example' }, 'localhost', SYSTEM_ACTOR)
    expect(claimB.verificationToken).not.toBe(claimA.verificationToken)
    await expect(addDomain(database.db, b, { hostname: 'www.shop.example' }, 'localhost', SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 409, data: { code: 'domain_taken' } })
    // Two claims: the platform cannot tell whose owner pointed the host here, so it serves no token.
    expect(await pendingVerificationToken(database.db, 'www.shop.example')).toBeUndefined()
    expect(await isVerifiedDomain(database.db, 'www.shop.example')).toBe(false)

    expect(await verifyDomain(database.db, a, claimA.id, SYSTEM_ACTOR, dnsWith(claimA))).toEqual({ verified: true, method: 'dns', hostname: 'www.shop.example' })
    expect(await isVerifiedDomain(database.db, 'www.shop.example')).toBe(true)
    expect((await resolveHost(database.db, 'www.shop.example', 'localhost'))?.project.id).toBe(a.projectId)
    await expect(requireDomain(database.db, b, claimB.id)).rejects.toMatchObject({ statusCode: 404 })
    await expect(verifyDomain(database.db, b, claimB.id, SYSTEM_ACTOR, dnsWith(claimB))).rejects.toMatchObject({ statusCode: 404 })
  })

  it('moves a verified host only when another org verifies it anew by DNS, and emails the old owner', async () => {
    const claimB = await addDomain(database.db, b, { hostname: 'www.shop.example' }, 'localhost', SYSTEM_ACTOR)
    expect((await listDomains(database.db, b)).find(domain => domain.id === claimB.id)).toMatchObject({ verified: false, verifiedElsewhere: true, claimExpiresAt: expect.any(Date) })
    expect((await listDomains(database.db, a))[0]).toMatchObject({ verified: true, verifiedElsewhere: false, claimExpiresAt: null })

    // The host already points here: the platform's own HTTP answer proves nothing.
    expect(await pendingVerificationToken(database.db, 'www.shop.example')).toBeUndefined()
    expect(await verifyDomain(database.db, b, claimB.id, SYSTEM_ACTOR, pointsHere())).toMatchObject({ verified: false })
    expect((await resolveHost(database.db, 'www.shop.example', 'localhost'))?.project.id).toBe(a.projectId)

    const notified: string[] = []
    const listener = await database.sql.listen(SITE_CHANGED_CHANNEL, projectId => notified.push(projectId))
    const moved = await verifyDomain(database.db, b, claimB.id, SYSTEM_ACTOR, dnsWith(claimB))
    expect(moved).toEqual({ verified: true, method: 'dns', hostname: 'www.shop.example', movedFrom: { orgId: a.orgId, projectId: a.projectId } })
    // Both sites drop their cached host lookups: the one that gained the host and the one that lost it.
    await expect.poll(() => [...notified].sort(), { timeout: 5000 }).toEqual([a.projectId, b.projectId].sort())
    await listener.unlisten()
    expect((await resolveHost(database.db, 'www.shop.example', 'localhost'))?.project.id).toBe(b.projectId)
    expect(await database.db.select().from(projectDomains).where(eq(projectDomains.hostname, 'www.shop.example'))).toEqual([expect.objectContaining({ id: claimB.id, projectId: b.projectId })])
    const [notice] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.template, 'sites.domain_moved'))
    expect(notice).toMatchObject({ to: 'owner-a@example.com', orgId: a.orgId, subject: 'www.shop.example is no longer connected to your site' })
    expect(notice!.text).not.toContain('Bravo')
  })

  it('still verifies over HTTP a host with a single claim that points here', async () => {
    const claim = await addDomain(database.db, a, { hostname: 'book.alpha.example' }, 'localhost', SYSTEM_ACTOR)
    expect(await pendingVerificationToken(database.db, 'book.alpha.example')).toBe(claim.verificationToken)
    expect(await verifyDomain(database.db, a, claim.id, SYSTEM_ACTOR, pointsHere())).toMatchObject({ verified: true, method: 'http' })
  })

  it('lets only one of two orgs verifying the same host at once have it', async () => {
    const claimA = await addDomain(database.db, a, { hostname: 'race.example' }, 'localhost', SYSTEM_ACTOR)
    const claimB = await addDomain(database.db, b, { hostname: 'race.example' }, 'localhost', SYSTEM_ACTOR)
    const dns = dnsWith(claimA, claimB)
    const results = await Promise.allSettled([verifyDomain(database.db, a, claimA.id, SYSTEM_ACTOR, dns), verifyDomain(database.db, b, claimB.id, SYSTEM_ACTOR, dns)])
    expect(results.map(result => result.status).sort()).toEqual(['fulfilled', 'rejected'])
    // The loser finds its claim gone: removed before it looked (404), or while it waited for the lock (409).
    const loser = results.find(result => result.status === 'rejected')
    expect([404, 409]).toContain((loser?.reason as { statusCode?: number }).statusCode)
    const rows = await database.db.select().from(projectDomains).where(eq(projectDomains.hostname, 'race.example'))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.verifiedAt).toBeInstanceOf(Date)
  })

  it('answers 409 when another org verified the host while this claim\'s DNS was being checked', async () => {
    const claimA = await addDomain(database.db, a, { hostname: 'slow.example' }, 'localhost', SYSTEM_ACTOR)
    const claimB = await addDomain(database.db, b, { hostname: 'slow.example' }, 'localhost', SYSTEM_ACTOR)
    const slowDns: DomainVerifier = { ...dnsWith(claimB), txtRecords: async (name) => {
      await verifyDomain(database.db, a, claimA.id, SYSTEM_ACTOR, dnsWith(claimA))
      return await dnsWith(claimB).txtRecords(name)
    } }
    await expect(verifyDomain(database.db, b, claimB.id, SYSTEM_ACTOR, slowDns)).rejects.toMatchObject({ statusCode: 409, data: { code: 'domain_verified_elsewhere' } })
    expect((await resolveHost(database.db, 'slow.example', 'localhost'))?.project.id).toBe(a.projectId)
  })

  it('refuses to verify a claim older than 7 days', async () => {
    const claim = await addDomain(database.db, b, { hostname: 'stale.example' }, 'localhost', SYSTEM_ACTOR)
    await database.db.update(projectDomains).set({ createdAt: new Date(Date.now() - 8 * 24 * 60 * 60 * 1000) }).where(eq(projectDomains.id, claim.id))
    expect(await pendingVerificationToken(database.db, 'stale.example')).toBeUndefined()
    await expect(verifyDomain(database.db, b, claim.id, SYSTEM_ACTOR, dnsWith(claim))).rejects.toMatchObject({ statusCode: 410, data: { code: 'domain_claim_expired' } })
    // Adding it again replaces the expired claim with a fresh one.
    const fresh = await addDomain(database.db, b, { hostname: 'stale.example' }, 'localhost', SYSTEM_ACTOR)
    expect(fresh.id).not.toBe(claim.id)
    expect(await database.db.select().from(projectDomains).where(and(eq(projectDomains.hostname, 'stale.example'), eq(projectDomains.projectId, b.projectId)))).toHaveLength(1)
  })
})

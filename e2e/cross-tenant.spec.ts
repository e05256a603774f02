import { readdirSync } from 'node:fs'
import path from 'node:path'
import { eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, invitations, memberships, organizations, sessions } from '@flectar/db'
import { repoRoot } from './support/apps'
import { adminApi, openE2eDatabase } from './support/accounts'

/**
 * Every admin API route, found from the route tree, must appear in ROUTES below with how
 * it is scoped. Org-scoped and user-scoped routes are called by a member of org A with
 * ids from org B: each must answer 404 and change nothing of B's. A new route file that is
 * not listed here fails the suite.
 */
type Ids = { orgB: string, orgA: string, userB: string, invitationB: string, sessionB: string }
interface RouteCase {
  scope: 'public' | 'user' | 'org'
  /** Requests made as org A's owner with B's ids; each must be 404. */
  attacks?: (ids: Ids) => Array<{ path: string, body?: unknown }>
}

const ROUTES: Record<string, RouteCase> = {
  'GET /api/health': { scope: 'public' },
  'POST /api/auth/sign-up': { scope: 'public' },
  'POST /api/auth/sign-in': { scope: 'public' },
  'POST /api/auth/two-factor': { scope: 'public' },
  'POST /api/auth/sign-out': { scope: 'public' },
  'POST /api/auth/verify-email': { scope: 'public' },
  'POST /api/auth/password-reset': { scope: 'public' },
  'POST /api/auth/password-reset/confirm': { scope: 'public' },
  'POST /api/auth/magic-link': { scope: 'public' },
  'POST /api/auth/magic-link/verify': { scope: 'public' },
  'GET /api/auth/providers': { scope: 'public' },
  'GET /api/auth/google/start': { scope: 'public' },
  'GET /api/auth/google/callback': { scope: 'public' },
  'GET /api/invitations/[token]': { scope: 'public' },
  'POST /api/invitations/accept': { scope: 'public' },
  'POST /api/invitations/decline': { scope: 'public' },
  'GET /api/dev/mailbox': { scope: 'public' },
  'GET /api/dev/mailbox/[messageId]': { scope: 'public' },
  'GET /api/auth/me': { scope: 'user' },
  'GET /api/orgs': { scope: 'user' },
  'POST /api/orgs': { scope: 'user' },
  'GET /api/account/sessions': { scope: 'user' },
  'POST /api/account/sessions/revoke-others': { scope: 'user' },
  'POST /api/account/password': { scope: 'user' },
  'POST /api/account/two-factor/enrol': { scope: 'user' },
  'POST /api/account/two-factor/confirm': { scope: 'user' },
  'POST /api/account/two-factor/disable': { scope: 'user' },
  'POST /api/account/two-factor/recovery-codes': { scope: 'user' },
  'GET /api/account/profile': { scope: 'user' },
  'PATCH /api/account/profile': { scope: 'user' },
  'GET /api/account/avatar': { scope: 'user' },
  'PUT /api/account/avatar': { scope: 'user' },
  'DELETE /api/account/avatar': { scope: 'user' },
  'POST /api/account/email': { scope: 'user' },
  'POST /api/account/delete': { scope: 'user' },
  'POST /api/auth/confirm-email-change': { scope: 'public' },
  'DELETE /api/account/sessions/[sessionId]': { scope: 'user', attacks: ids => [{ path: `/api/account/sessions/${ids.sessionB}` }] },
  'PATCH /api/orgs/[orgId]': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}`, body: { name: 'Taken over' } }] },
  'POST /api/orgs/[orgId]/switch': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/switch` }] },
  'POST /api/orgs/[orgId]/leave': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/leave` }] },
  'GET /api/orgs/[orgId]/audit': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/audit` }] },
  'GET /api/orgs/[orgId]/members': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/members` }] },
  'PATCH /api/orgs/[orgId]/members/[userId]': { scope: 'org', attacks: ids => [
    { path: `/api/orgs/${ids.orgB}/members/${ids.userB}`, body: { role: 'viewer' } },
    { path: `/api/orgs/${ids.orgA}/members/${ids.userB}`, body: { role: 'viewer' } },
  ] },
  'DELETE /api/orgs/[orgId]/members/[userId]': { scope: 'org', attacks: ids => [
    { path: `/api/orgs/${ids.orgB}/members/${ids.userB}` },
    { path: `/api/orgs/${ids.orgA}/members/${ids.userB}` },
  ] },
  'GET /api/orgs/[orgId]/invitations': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/invitations` }] },
  'POST /api/orgs/[orgId]/invitations': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/invitations`, body: { email: 'spy@example.com', role: 'admin' } }] },
  'POST /api/orgs/[orgId]/invitations/[invitationId]/resend': { scope: 'org', attacks: ids => [
    { path: `/api/orgs/${ids.orgB}/invitations/${ids.invitationB}/resend` },
    { path: `/api/orgs/${ids.orgA}/invitations/${ids.invitationB}/resend` },
  ] },
  'DELETE /api/orgs/[orgId]/invitations/[invitationId]': { scope: 'org', attacks: ids => [
    { path: `/api/orgs/${ids.orgB}/invitations/${ids.invitationB}` },
    { path: `/api/orgs/${ids.orgA}/invitations/${ids.invitationB}` },
  ] },
}

/** `METHOD /api/path/[param]` for every route file of the admin app and its layer. */
function discoverRoutes(): string[] {
  const roots = [path.join(repoRoot, 'apps/admin/server/api'), path.join(repoRoot, 'packages/app-base/server/api')]
  const found: string[] = []
  for (const root of roots) {
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      const match = /^(.*?)(?:\.(get|post|put|patch|delete))?\.ts$/.exec(file)
      if (!match) continue
      const route = `/api/${match[1]!.split(path.sep).join('/')}`.replace(/\/index$/, '')
      found.push(`${(match[2] ?? 'get').toUpperCase()} ${route}`)
    }
  }
  return found.sort()
}

describe('cross-tenant isolation of the admin API', () => {
  const database = openE2eDatabase()
  let a: Awaited<ReturnType<typeof database.createOwner>>
  let b: Awaited<ReturnType<typeof database.createOwner>>
  let ids: Ids

  beforeAll(async () => {
    a = await database.createOwner('tenant-a@example.com', 'Tenant A')
    b = await database.createOwner('tenant-b@example.com', 'Tenant B')
    const invitation = await database.createInvitation(b.userId, b.orgId, 'invitee-b@example.com')
    const session = await database.createSession(b.userId)
    ids = { orgA: a.orgId, orgB: b.orgId, userB: b.userId, invitationB: invitation.id, sessionB: session.session.id }
  })
  afterAll(() => database.close())

  /** Everything of org B an attack could change. */
  async function snapshotOfB() {
    const { db } = database
    return {
      org: await db.select().from(organizations).where(eq(organizations.id, b.orgId)),
      members: await db.select().from(memberships).where(eq(memberships.orgId, b.orgId)),
      invitations: await db.select().from(invitations).where(eq(invitations.orgId, b.orgId)),
      sessions: await db.select({ id: sessions.id, revokedAt: sessions.revokedAt, activeOrgId: sessions.activeOrgId }).from(sessions).where(eq(sessions.userId, b.userId)),
      audit: await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(inArray(auditEvents.orgId, [b.orgId])),
    }
  }

  it('lists every route of the route tree, and nothing that no longer exists', () => {
    expect(discoverRoutes()).toEqual(Object.keys(ROUTES).sort())
    const orgRoutesWithoutAttacks = Object.entries(ROUTES).filter(([, spec]) => spec.scope === 'org' && !spec.attacks).map(([route]) => route)
    expect(orgRoutesWithoutAttacks).toEqual([])
  })

  it('answers 404 to every org- and user-scoped route called with another tenant\'s ids, changing nothing', async () => {
    const before = await snapshotOfB()
    const attempts: string[] = []
    for (const [route, spec] of Object.entries(ROUTES)) {
      const method = route.split(' ')[0]!
      for (const attack of spec.attacks?.(ids) ?? []) {
        const response = await adminApi(method, attack.path, { cookie: a.cookie, body: attack.body, headers: { 'x-forwarded-for': '198.51.100.7' } })
        attempts.push(`${method} ${attack.path} -> ${response.status}`)
        expect(response.status, `${method} ${attack.path}: ${response.body}`).toBe(404)
        expect(response.body).not.toContain('Tenant B')
      }
    }
    expect(attempts.length).toBe(Object.values(ROUTES).reduce((total, spec) => total + (spec.attacks?.(ids).length ?? 0), 0))
    expect(await snapshotOfB()).toEqual(before)
  })

  it('refuses every org- and user-scoped route without a session (401)', async () => {
    for (const [route, spec] of Object.entries(ROUTES)) {
      if (spec.scope === 'public') continue
      const [method, template] = route.split(' ') as [string, string]
      const concrete = template.replace('[orgId]', ids.orgA).replace('[userId]', ids.userB).replace('[invitationId]', ids.invitationB).replace('[sessionId]', ids.sessionB)
      const response = await adminApi(method, concrete, { body: method === 'POST' || method === 'PATCH' ? {} : undefined, headers: { 'x-forwarded-for': '198.51.100.8' } })
      expect(response.status, `${route}: ${response.body}`).toBe(401)
    }
  })

  it('still lets the owner of B use the same routes on B', async () => {
    const members = await adminApi('GET', `/api/orgs/${ids.orgB}/members`, { cookie: b.cookie, headers: { 'x-forwarded-for': '198.51.100.9' } })
    expect(members.status).toBe(200)
    expect(JSON.parse(members.body).data).toHaveLength(1)
  })
})

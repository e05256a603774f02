import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, invoiceLines, invoices, memberships, organizations, projects, sessions, users } from '@flectar/db'
import { createLocalDiskStorage, type FileStorage } from '@flectar/storage'
import { solidPng } from '@flectar/storage/testing'
import { deleteAccount, purgeDeletedAccounts } from './delete-account'
import { createOrganization } from './orgs'
import { recordAuditEvent } from './audit'
import { requestMagicLink, requestPasswordReset, resetPassword } from './password-reset'
import { setAvatar } from './profile'
import { validateSession } from './sessions'
import { signInWithPassword } from './sign-in'
import { createAccountsFixture } from './test-support'

const DAY = 24 * 60 * 60 * 1000

describe('deleting an account', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let root: string
  let storage: FileStorage
  const password = 'delete me password'

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    root = await mkdtemp(path.join(tmpdir(), 'flectar-delete-'))
    storage = createLocalDiskStorage({ root })
  })
  afterAll(async () => {
    await fixture.drop()
    await rm(root, { recursive: true, force: true })
  })

  async function userRow(userId: string) {
    const [row] = await fixture.db.select().from(users).where(eq(users.id, userId))
    return row
  }

  it('needs the password', async () => {
    const user = await fixture.createVerifiedUser('wrong-pass@example.com', password)
    await expect(deleteAccount(fixture.db, fixture.context, user.userId, { password: 'not it' })).rejects.toMatchObject({ statusCode: 401 })
    expect((await userRow(user.userId))?.deletedAt).toBeNull()
  })

  it('refuses while the user is the only owner of an org with other members, naming the orgs', async () => {
    const owner = await fixture.createVerifiedUser('sole-owner@example.com', password, 'Busy Salon')
    const member = await fixture.createVerifiedUser('member@example.com', password, 'Member Own Org')
    await fixture.db.insert(memberships).values({ orgId: owner.orgId, userId: member.userId, role: 'editor' })

    await expect(deleteAccount(fixture.db, fixture.context, owner.userId, { password })).rejects.toMatchObject({
      statusCode: 409,
      code: 'sole_owner',
      message: 'You are the only owner of Busy Salon, which has other members. Make one of them an owner first, or remove them so the organization goes with your account.',
      data: { organizations: ['Busy Salon'] },
    })
    expect((await userRow(owner.userId))?.deletedAt).toBeNull()
    expect(await validateSession(fixture.db, owner.sessionToken)).toBeDefined()

    // Two such orgs are both named.
    const second = await createOrganization(fixture.db, fixture.context, { name: 'Another Place', ownerId: owner.userId })
    await fixture.db.insert(memberships).values({ orgId: second.id, userId: member.userId, role: 'viewer' })
    await expect(deleteAccount(fixture.db, fixture.context, owner.userId, { password })).rejects.toMatchObject({
      message: expect.stringMatching(/^You are the only owner of Another Place and Busy Salon, which have other members\./),
      data: { organizations: ['Another Place', 'Busy Salon'] },
    })
    await fixture.db.delete(organizations).where(eq(organizations.id, second.id))

    // Once someone else is an owner too, the account can go; the org stays with them.
    await fixture.db.update(memberships).set({ role: 'owner' }).where(eq(memberships.userId, member.userId))
    expect(await deleteAccount(fixture.db, fixture.context, owner.userId, { password })).toEqual({ status: 'deleted', deletedOrganizations: [], keptForInvoices: [] })
    expect(await fixture.db.select().from(organizations).where(eq(organizations.id, owner.orgId))).toHaveLength(1)
    expect(await fixture.db.select().from(memberships).where(eq(memberships.orgId, owner.orgId))).toEqual([expect.objectContaining({ userId: member.userId, role: 'owner' })])
  })

  it('soft-deletes: org owned alone goes too, sessions and links end, memberships go, sign-in fails', async () => {
    const user = await fixture.createVerifiedUser('leaving@example.com', password, 'Solo Studio')
    const host = await fixture.createVerifiedUser('host@example.com', password, 'Host Clinic')
    await fixture.db.insert(memberships).values({ orgId: host.orgId, userId: user.userId, role: 'admin' })
    await requestPasswordReset(fixture.db, fixture.env, 'leaving@example.com')
    const resetToken = await fixture.tokenFromEmail('leaving@example.com', 'auth.reset_password')

    expect(await deleteAccount(fixture.db, fixture.context, user.userId, { password })).toEqual({ status: 'deleted', deletedOrganizations: ['Solo Studio'], keptForInvoices: [] })

    const row = await userRow(user.userId)
    expect(row?.deletedAt).toBeInstanceOf(Date)
    expect(row).toMatchObject({ email: 'leaving@example.com', name: 'Test' }) // nothing scrambled yet
    expect(await fixture.db.select().from(organizations).where(eq(organizations.id, user.orgId))).toHaveLength(0)
    expect(await fixture.db.select().from(organizations).where(eq(organizations.id, host.orgId))).toHaveLength(1)
    expect(await fixture.db.select().from(memberships).where(eq(memberships.userId, user.userId))).toHaveLength(0)
    expect(await validateSession(fixture.db, user.sessionToken)).toBeUndefined()
    const live = await fixture.db.select().from(sessions).where(eq(sessions.userId, user.userId))
    expect(live.every(session => session.revokedAt)).toBe(true)

    await expect(signInWithPassword(fixture.db, fixture.env, fixture.context, { email: 'leaving@example.com', password })).rejects.toMatchObject({ statusCode: 401 })
    await expect(resetPassword(fixture.db, fixture.env, fixture.context, { token: resetToken, password: 'back from the dead' })).rejects.toMatchObject({ statusCode: 410 })
    await requestMagicLink(fixture.db, fixture.env, 'leaving@example.com')
    await expect(fixture.tokenFromEmail('leaving@example.com', 'auth.magic_link')).rejects.toThrow()

    const [audit] = await fixture.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.account_deleted'), eq(auditEvents.actorUserId, user.userId)))
    expect(audit).toMatchObject({ metadata: { deletedOrganizations: ['Solo Studio'] } })
  })

  it('keeps an org it owned alone that issued invoices, closed, with only its issued invoices (P26)', async () => {
    const user = await fixture.createVerifiedUser('invoicing@example.com', password, 'Invoicing Studio')
    const [site] = await fixture.db.insert(projects).values({ orgId: user.orgId, name: 'Studio site', slug: 'invoicing-studio-site', timeZone: 'Europe/Madrid' }).returning()
    const parties = { issuer: { name: 'Invoicing Studio SL', taxId: 'B12345678', addressLines: [], email: null }, customer: { name: 'Ana', taxId: null, addressLines: [], email: null } }
    const [issued, draft] = await fixture.db.insert(invoices).values([
      { orgId: user.orgId, projectId: site!.id, kind: 'simplified', status: 'draft', currency: 'EUR', pricesIncludeTax: true, ...parties },
      { orgId: user.orgId, projectId: site!.id, kind: 'simplified', status: 'draft', currency: 'EUR', pricesIncludeTax: true, ...parties },
    ]).returning()
    await fixture.db.insert(invoiceLines).values({ invoiceId: issued!.id, position: 0, description: 'Cut', quantityMilli: 1000, unitPriceMinor: 2000, taxRate: 2100, amountMinor: 2000 })
    await fixture.db.update(invoices).set({ status: 'issued', number: 'F2026-0001', year: 2026, sequence: 1, issueDate: '2026-12-07', issuedAt: new Date(), totalMinor: 2000 }).where(eq(invoices.id, issued!.id))

    expect(await deleteAccount(fixture.db, fixture.context, user.userId, { password })).toEqual({ status: 'deleted', deletedOrganizations: ['Invoicing Studio'], keptForInvoices: ['Invoicing Studio'] })
    const [org] = await fixture.db.select().from(organizations).where(eq(organizations.id, user.orgId))
    expect(org?.closedAt).toBeInstanceOf(Date)
    expect(await fixture.db.select().from(memberships).where(eq(memberships.orgId, user.orgId))).toEqual([])
    expect(await fixture.db.select().from(projects).where(eq(projects.orgId, user.orgId))).toEqual([])
    const kept = await fixture.db.select().from(invoices).where(eq(invoices.orgId, user.orgId))
    expect(kept.map(invoice => [invoice.id, invoice.number, invoice.projectId])).toEqual([[issued!.id, 'F2026-0001', null]])
    expect(kept[0]!.issuer).toMatchObject({ name: 'Invoicing Studio SL' })
    expect(await fixture.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, issued!.id))).toHaveLength(1)
    expect(await fixture.db.select().from(invoices).where(eq(invoices.id, draft!.id))).toEqual([])
  })

  it('purges accounts deleted longer ago than the retention window, with their avatar; audit rows stay', async () => {
    const old = await fixture.createVerifiedUser('purge-me@example.com', password, 'Old Org')
    const recent = await fixture.createVerifiedUser('keep-me@example.com', password, 'Recent Org')
    const host = await fixture.createVerifiedUser('purge-host@example.com', password, 'Purge Host')
    await fixture.db.insert(memberships).values({ orgId: host.orgId, userId: old.userId, role: 'editor' })
    await recordAuditEvent(fixture.db, fixture.context, { action: 'site.page_published', orgId: host.orgId, actorUserId: old.userId })
    await setAvatar(fixture.db, storage, fixture.context, old.userId, solidPng())
    const avatarKey = (await userRow(old.userId))!.avatarKey!
    expect(existsSync(path.join(root, avatarKey))).toBe(true)

    await deleteAccount(fixture.db, fixture.context, old.userId, { password })
    await deleteAccount(fixture.db, fixture.context, recent.userId, { password })
    const now = new Date()
    await fixture.db.update(users).set({ deletedAt: new Date(now.getTime() - 31 * DAY) }).where(eq(users.id, old.userId))
    await fixture.db.update(users).set({ deletedAt: new Date(now.getTime() - 29 * DAY) }).where(eq(users.id, recent.userId))

    const result = await purgeDeletedAccounts(fixture.db, storage, { retentionDays: 30, now })
    expect(result.purged).toBeGreaterThanOrEqual(1)
    expect(result.failedFiles).toEqual([])
    expect(await userRow(old.userId)).toBeUndefined()
    expect((await userRow(recent.userId))?.deletedAt).toBeInstanceOf(Date)
    expect(await fixture.db.select().from(sessions).where(eq(sessions.userId, old.userId))).toHaveLength(0)
    expect(existsSync(path.join(root, avatarKey))).toBe(false)

    const [published] = await fixture.db.select().from(auditEvents).where(eq(auditEvents.action, 'site.page_published'))
    expect(published).toMatchObject({ orgId: host.orgId, actorUserId: null })
    expect(await fixture.db.select().from(users).where(inArray(users.email, ['purge-me@example.com']))).toHaveLength(0)

    // Within the window nothing else goes; a later run purges the recent one.
    expect((await purgeDeletedAccounts(fixture.db, storage, { retentionDays: 30, now })).purged).toBe(0)
    expect((await purgeDeletedAccounts(fixture.db, storage, { retentionDays: 30, now: new Date(now.getTime() + 2 * DAY) })).purged).toBe(1)
    expect(await userRow(recent.userId)).toBeUndefined()
  })
})

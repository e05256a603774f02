import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memberships, organizations, users } from '@flectar/db'
import { listAuditEvents } from './audit'
import { acceptInvitation, createInvitation, declineInvitation, previewInvitation, resendInvitation, revokeInvitation } from './invitations'
import { changeMemberRole, listMembers, removeMember, updateOrganization } from './orgs'
import { requireOrgRole } from './roles'
import { validateSession } from './sessions'
import { createAccountsFixture } from './test-support'

describe('organizations, roles and invitations', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let owner: Awaited<ReturnType<typeof fixture.createVerifiedUser>>
  let outsider: Awaited<ReturnType<typeof fixture.createVerifiedUser>>

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    owner = await fixture.createVerifiedUser('owner@example.com', 'password owner 1', 'Owner Studio')
    outsider = await fixture.createVerifiedUser('outsider@example.com', 'password other 1', 'Other Clinic')
  })
  afterAll(() => fixture.drop())

  it('answers 404 to a non-member and for malformed ids, 403 to a member whose role is too low', async () => {
    await expect(requireOrgRole(fixture.db, outsider.userId, owner.orgId, 'viewer')).rejects.toMatchObject({ statusCode: 404 })
    await expect(requireOrgRole(fixture.db, outsider.userId, 'not-a-uuid', 'viewer')).rejects.toMatchObject({ statusCode: 404 })
    await expect(listMembers(fixture.db, outsider.userId, owner.orgId)).rejects.toMatchObject({ statusCode: 404 })
    await expect(updateOrganization(fixture.db, fixture.context, outsider.userId, owner.orgId, { name: 'Hijacked' })).rejects.toMatchObject({ statusCode: 404 })
    const [org] = await fixture.db.select().from(organizations).where(eq(organizations.id, owner.orgId))
    expect(org?.name).toBe('Owner Studio')
  })

  it('invites a new person who accepts by creating an account, with the invited role', async () => {
    const invitation = await createInvitation(fixture.db, fixture.env, fixture.context, owner.userId, owner.orgId, { email: 'New.Editor@example.com', role: 'editor' })
    expect(invitation.email).toBe('new.editor@example.com')
    await expect(createInvitation(fixture.db, fixture.env, fixture.context, owner.userId, owner.orgId, { email: 'new.editor@example.com', role: 'viewer' }))
      .rejects.toMatchObject({ statusCode: 409 })

    const token = await fixture.tokenFromEmail('new.editor@example.com', 'org.invitation')
    expect(await previewInvitation(fixture.db, token)).toMatchObject({ orgName: 'Owner Studio', role: 'editor', hasAccount: false })
    const accepted = await acceptInvitation(fixture.db, fixture.context, { token, name: 'Eddie', password: 'editor password 1' })
    expect(accepted).toMatchObject({ orgId: owner.orgId, role: 'editor' })
    expect((await validateSession(fixture.db, accepted.sessionToken!))?.session.activeOrgId).toBe(owner.orgId)
    await expect(acceptInvitation(fixture.db, fixture.context, { token, name: 'Eddie', password: 'editor password 1' })).rejects.toMatchObject({ statusCode: 410 })

    const members = await listMembers(fixture.db, owner.userId, owner.orgId)
    expect(members.map(member => [member.email, member.role])).toContainEqual(['new.editor@example.com', 'editor'])
  })

  it('lets an existing account accept only while signed in as the invited address', async () => {
    await createInvitation(fixture.db, fixture.env, fixture.context, owner.userId, owner.orgId, { email: 'outsider@example.com', role: 'viewer' })
    const token = await fixture.tokenFromEmail('outsider@example.com', 'org.invitation')
    await expect(acceptInvitation(fixture.db, fixture.context, { token, userId: owner.userId })).rejects.toMatchObject({ statusCode: 403 })
    await expect(acceptInvitation(fixture.db, fixture.context, { token })).rejects.toMatchObject({ statusCode: 401 })
    expect(await acceptInvitation(fixture.db, fixture.context, { token, userId: outsider.userId })).toMatchObject({ role: 'viewer' })
    await expect(requireOrgRole(fixture.db, outsider.userId, owner.orgId, 'editor')).rejects.toMatchObject({ statusCode: 403 })
  })

  it('resend replaces the link; revoke and decline end the invitation', async () => {
    const invitation = await createInvitation(fixture.db, fixture.env, fixture.context, owner.userId, owner.orgId, { email: 'late@example.com', role: 'viewer' })
    const first = await fixture.tokenFromEmail('late@example.com', 'org.invitation')
    await resendInvitation(fixture.db, fixture.env, fixture.context, owner.userId, owner.orgId, invitation.id)
    const second = await fixture.tokenFromEmail('late@example.com', 'org.invitation')
    expect(second).not.toBe(first)
    await expect(previewInvitation(fixture.db, first)).rejects.toMatchObject({ statusCode: 410 })
    await revokeInvitation(fixture.db, fixture.context, owner.userId, owner.orgId, invitation.id)
    await expect(previewInvitation(fixture.db, second)).rejects.toMatchObject({ statusCode: 410 })

    await createInvitation(fixture.db, fixture.env, fixture.context, owner.userId, owner.orgId, { email: 'no@example.com', role: 'viewer' })
    const declined = await fixture.tokenFromEmail('no@example.com', 'org.invitation')
    await declineInvitation(fixture.db, fixture.context, declined)
    await expect(previewInvitation(fixture.db, declined)).rejects.toMatchObject({ statusCode: 410 })
  })

  it('an outsider cannot revoke, resend or create invitations of another org', async () => {
    const invitation = await createInvitation(fixture.db, fixture.env, fixture.context, owner.userId, owner.orgId, { email: 'safe@example.com', role: 'viewer' })
    const otherOrg = (await fixture.db.query.memberships.findFirst({ where: eq(memberships.userId, outsider.userId) }))!
    await expect(revokeInvitation(fixture.db, fixture.context, outsider.userId, otherOrg.orgId, invitation.id)).rejects.toMatchObject({ statusCode: 404 })
    await expect(resendInvitation(fixture.db, fixture.env, fixture.context, outsider.userId, owner.orgId, invitation.id)).rejects.toMatchObject({ statusCode: 403 })
  })

  it('keeps at least one owner: the last owner can neither leave nor be demoted', async () => {
    await expect(removeMember(fixture.db, fixture.context, owner.userId, owner.orgId, owner.userId)).rejects.toMatchObject({ statusCode: 409, data: { code: 'last_owner' } })
    await expect(changeMemberRole(fixture.db, fixture.context, owner.userId, owner.orgId, owner.userId, 'admin')).rejects.toMatchObject({ statusCode: 409 })
    await changeMemberRole(fixture.db, fixture.context, owner.userId, owner.orgId, outsider.userId, 'owner')
    await changeMemberRole(fixture.db, fixture.context, owner.userId, owner.orgId, owner.userId, 'admin')
    await expect(changeMemberRole(fixture.db, fixture.context, owner.userId, owner.orgId, outsider.userId, 'viewer')).rejects.toMatchObject({ statusCode: 403 })
  })

  it('shows an org its own events and its members\' sign-ins, never another org\'s', async () => {
    const events = await listAuditEvents(fixture.db, owner.orgId)
    const actions = events.map(event => event.action)
    expect(actions).toContain('org.invitation_sent')
    expect(actions).toContain('org.member_role_changed')
    const outsiderOrg = (await fixture.db.query.memberships.findFirst({ where: eq(memberships.userId, outsider.userId), orderBy: (m, { asc }) => asc(m.createdAt) }))!
    const theirs = await listAuditEvents(fixture.db, outsiderOrg.orgId)
    expect(theirs.some(event => event.action === 'org.invitation_sent')).toBe(false)
    expect(events.every(event => event.ipKey === 'ipkey-test')).toBe(true)
  })

  it('answers 409, not a 500, when an invitation is for the address of a deleted account', async () => {
    const gone = await fixture.createVerifiedUser('gone@example.com', 'gone password 1', 'Gone Org')
    await fixture.db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.userId))
    await createInvitation(fixture.db, fixture.env, fixture.context, owner.userId, owner.orgId, { email: 'gone@example.com', role: 'viewer' })
    const token = await fixture.tokenFromEmail('gone@example.com', 'org.invitation')
    await expect(acceptInvitation(fixture.db, fixture.context, { token, name: 'Back', password: 'back password 1' })).rejects.toMatchObject({ statusCode: 409, data: { code: 'account_deleted' } })
  })
})

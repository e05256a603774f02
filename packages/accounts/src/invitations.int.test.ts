import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, invitations } from '@flectar/db'
import { deleteAccount } from './delete-account'
import { acceptInvitation, createInvitation, previewInvitation, resendInvitation } from './invitations'
import { changeMemberRole, removeMember } from './orgs'
import { requireOrgRole } from './roles'
import { createAccountsFixture } from './test-support'

describe('an invitation does not outlive its sender\'s role', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let owner: Awaited<ReturnType<typeof fixture.createVerifiedUser>>

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    owner = await fixture.createVerifiedUser('owner@example.com', 'owner password 1', 'Studio')
  })
  afterAll(() => fixture.drop())

  /** A verified account that joins the owner's org with `role` through an invitation. */
  async function member(email: string, role: 'owner' | 'admin' | 'editor') {
    const user = await fixture.createVerifiedUser(email, `${email} password`, `${email} own org`)
    await createInvitation(fixture.db, fixture.env, fixture.context, owner.userId, owner.orgId, { email, role })
    await acceptInvitation(fixture.db, fixture.context, { token: await fixture.tokenFromEmail(email, 'org.invitation'), userId: user.userId })
    return user
  }

  async function invite(actorId: string, email: string, role: 'owner' | 'admin' | 'viewer') {
    const invitation = await createInvitation(fixture.db, fixture.env, fixture.context, actorId, owner.orgId, { email, role })
    return { id: invitation.id, token: await fixture.tokenFromEmail(email, 'org.invitation') }
  }

  const revocationsOf = async (invitationId: string) => await fixture.db.select().from(auditEvents)
    .where(and(eq(auditEvents.action, 'org.invitation_revoked'), eq(auditEvents.targetId, invitationId)))

  it('a removed admin\'s alias cannot accept the admin invitation sent before the removal', async () => {
    const admin = await member('mallory@example.com', 'admin')
    const alias = await fixture.createVerifiedUser('mallory.alias@example.com', 'alias password 1', 'Alias org')
    const { id, token } = await invite(admin.userId, 'mallory.alias@example.com', 'admin')

    await removeMember(fixture.db, fixture.context, owner.userId, owner.orgId, admin.userId)

    await expect(acceptInvitation(fixture.db, fixture.context, { token, userId: alias.userId })).rejects.toMatchObject({ statusCode: 410 })
    await expect(requireOrgRole(fixture.db, alias.userId, owner.orgId, 'viewer')).rejects.toMatchObject({ statusCode: 404 })
    expect((await revocationsOf(id)).map(event => [event.actorUserId, event.orgId, event.metadata])).toEqual([[owner.userId, owner.orgId, { reason: 'inviter_removed' }]])
  })

  it('a demotion revokes what the new role cannot send, and keeps the rest', async () => {
    const coOwner = await member('co-owner@example.com', 'owner')
    const ownerInvite = await invite(coOwner.userId, 'future-owner@example.com', 'owner')
    const adminInvite = await invite(coOwner.userId, 'future-admin@example.com', 'admin')
    await changeMemberRole(fixture.db, fixture.context, owner.userId, owner.orgId, coOwner.userId, 'admin')
    await expect(previewInvitation(fixture.db, ownerInvite.token)).rejects.toMatchObject({ statusCode: 410 })
    expect(await previewInvitation(fixture.db, adminInvite.token)).toMatchObject({ role: 'admin' })

    await changeMemberRole(fixture.db, fixture.context, owner.userId, owner.orgId, coOwner.userId, 'editor')
    await expect(previewInvitation(fixture.db, adminInvite.token)).rejects.toMatchObject({ statusCode: 410 })
    expect((await revocationsOf(adminInvite.id))[0]?.metadata).toEqual({ reason: 'inviter_role_changed' })
  })

  it('leaving the org or deleting the account revokes the invitations sent', async () => {
    const leaver = await member('leaver@example.com', 'admin')
    const left = await invite(leaver.userId, 'left-behind@example.com', 'viewer')
    await removeMember(fixture.db, fixture.context, leaver.userId, owner.orgId, leaver.userId)
    await expect(previewInvitation(fixture.db, left.token)).rejects.toMatchObject({ statusCode: 410 })

    const deleted = await member('deleted@example.com', 'admin')
    const orphan = await invite(deleted.userId, 'orphan@example.com', 'viewer')
    await deleteAccount(fixture.db, fixture.context, deleted.userId, { password: 'deleted@example.com password' })
    await expect(previewInvitation(fixture.db, orphan.token)).rejects.toMatchObject({ statusCode: 410 })
  })

  it('another admin who resends an invitation becomes its sender; an admin cannot resend an owner invitation', async () => {
    const first = await member('first-admin@example.com', 'admin')
    const second = await member('second-admin@example.com', 'admin')
    const { id } = await invite(first.userId, 'kept@example.com', 'viewer')
    await resendInvitation(fixture.db, fixture.env, fixture.context, second.userId, owner.orgId, id)
    await removeMember(fixture.db, fixture.context, owner.userId, owner.orgId, first.userId)
    expect(await previewInvitation(fixture.db, await fixture.tokenFromEmail('kept@example.com', 'org.invitation'))).toMatchObject({ role: 'viewer' })
    const [row] = await fixture.db.select().from(invitations).where(eq(invitations.id, id))
    expect(row?.invitedBy).toBe(second.userId)

    const ownerInvite = await invite(owner.userId, 'owner-to-be@example.com', 'owner')
    await expect(resendInvitation(fixture.db, fixture.env, fixture.context, second.userId, owner.orgId, ownerInvite.id)).rejects.toMatchObject({ statusCode: 403 })
  })
})

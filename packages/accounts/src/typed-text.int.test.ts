import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { organizations, outboxMessages, users } from '@flectar/db'
import { parseInput } from '@flectar/errors'
import { invalidFieldsOf } from '@flectar/errors/testing'
import { sendInvitationEmail } from './account-emails'
import { auditQuerySchema, listAuditEvents } from './audit'
import { organizationSchema, profileSchema, signUpSchema } from './schemas'
import { createAccountsFixture } from './test-support'

// Issue 11, findings 8 and 9: names are one line, and an extreme date in the audit filters
// (before=99999-01-01 reached PostgreSQL and answered 500) is a 422 on its field.
describe('typed text and dates in accounts', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let owner: Awaited<ReturnType<typeof fixture.createVerifiedUser>>

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    owner = await fixture.createVerifiedUser('owner@typed.example', 'password owner 1', 'Typed Studio')
  })
  afterAll(() => fixture.drop())

  const audit = (query: Record<string, unknown>) => invalidFieldsOf(async () => listAuditEvents(fixture.db, owner.orgId, parseInput(auditQuerySchema, query)))

  it('filters the audit log by day or instant', async () => {
    const filters = parseInput(auditQuerySchema, { from: '2020-01-01', to: '2200-12-31', before: '2200-01-01T00:00:00Z' })
    expect((await listAuditEvents(fixture.db, owner.orgId, filters)).length).toBeGreaterThan(0)
  })

  it('refuses audit dates in the years 0001, 9999 and 99999, and NUL in the action', async () => {
    expect(await audit({ before: '99999-01-01' })).toEqual({ before: 'Enter a valid date' })
    expect(await audit({ from: '0001-01-01', to: '9999-12-31' })).toEqual({ from: 'Use a year between 1900 and 2200', to: 'Use a year between 1900 and 2200' })
    expect(await audit({ action: 'auth.signed_in\u0000' })).toHaveProperty('action')
  })

  it('keeps names on one line and refuses control characters in them', async () => {
    expect(parseInput(signUpSchema, { name: 'Eve\nSmith', surname: ' ', email: 'eve@example.com', password: 'long enough pass', organizationName: 'Cut\r\nand dry' }))
      .toMatchObject({ name: 'Eve Smith', surname: '', organizationName: 'Cut and dry' })
    expect(parseInput(profileSchema, { name: 'Eve\tSmith' }).name).toBe('Eve Smith')
    expect(await invalidFieldsOf(() => parseInput(organizationSchema, { name: 'Studio\u0000' }))).toHaveProperty('name')
  })

  it('sends an invitation from an inviter and org stored with newlines, on one subject line', async () => {
    await fixture.db.update(users).set({ name: 'Eve\nSmith' }).where(eq(users.id, owner.userId))
    await fixture.db.update(organizations).set({ name: 'Cut\nand dry' }).where(eq(organizations.id, owner.orgId))
    await sendInvitationEmail(fixture.db, fixture.env, { to: 'guest@typed.example', orgId: owner.orgId, orgName: 'Cut\nand dry', inviterName: 'Eve\nSmith', role: 'editor', token: 'token-1234567890abcdef' })
    const [message] = await fixture.db.select().from(outboxMessages).where(eq(outboxMessages.to, 'guest@typed.example'))
    expect(message!.subject).toBe('Eve Smith invited you to Cut and dry on Flectar Base')
  })
})

import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { organizations, outboxMessages } from '@flectar/db'
import { emailScrollWidth } from '@flectar/messaging/testing'
import { launchBrowser } from '../../../e2e/support/browser'
import {
  sendAccountExistsEmail, sendEmailChangeConfirmation, sendEmailChangeNotice, sendEmailInUseNotice, sendGoogleLinkedEmail,
  sendInvitationEmail, sendMagicLinkEmail, sendPasswordChangedEmail, sendPasswordResetEmail, sendVerificationEmail,
} from './account-emails'
import { createAccountsFixture } from './test-support'

// Issue 13: every email the platform sends reads on a phone. The account emails, with a long
// address, names and tokens, fit 375 px without scrolling sideways.
describe('account emails on a phone (Chromium, 375 px)', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let browser: Browser

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await fixture.drop()
  })

  it('none scrolls sideways', async () => {
    const { db } = fixture
    const to = 'maximiliana.fernandez-villaverde.de.la.concepcion@example.com'
    const token = 'x'.repeat(120)
    const [org] = await db.insert(organizations).values({ name: 'Peluquería Internacional de Barcelona', slug: 'peluqueria-phone' }).returning()
    await sendVerificationEmail(db, fixture.env, to, token)
    await sendAccountExistsEmail(db, fixture.env, to)
    await sendPasswordResetEmail(db, fixture.env, to, token)
    await sendMagicLinkEmail(db, fixture.env, to, token, '/projects/0b5b7c1e-3c1a-4b8e-9a53-7c3f1e2d4a5b?tab=bookings&section=calendar')
    await sendPasswordChangedEmail(db, fixture.env, to)
    await sendInvitationEmail(db, fixture.env, { to, orgId: org!.id, orgName: org!.name, inviterName: 'Maximiliana Fernández-Villaverde', role: 'admin', token })
    await sendGoogleLinkedEmail(db, fixture.env, to)
    await sendEmailChangeConfirmation(db, fixture.env, to, token)
    await sendEmailChangeNotice(db, fixture.env, to, `new.${to}`)
    await sendEmailInUseNotice(db, fixture.env, to)

    const messages = await db.select().from(outboxMessages)
    expect(messages.map(message => message.template).sort()).toEqual([
      'auth.account_exists', 'auth.change_email', 'auth.email_change_requested', 'auth.email_in_use', 'auth.google_linked',
      'auth.magic_link', 'auth.password_changed', 'auth.reset_password', 'auth.verify_email', 'org.invitation',
    ])
    const widths = await Promise.all(messages.map(async message => [message.template, await emailScrollWidth(browser, message.html!)] as const))
    expect(widths.filter(([, width]) => width > 375)).toEqual([])
  })
})

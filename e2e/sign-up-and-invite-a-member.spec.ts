import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { generateTotpCode } from '@flectar/accounts'
import { launchBrowser, newVisitor, openPage, waitForHydration } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`

/** Opens the newest email to `to` in the dev mailbox and follows its link. */
async function followEmailLink(page: Page, to: string, subject: string | RegExp, linkPath: RegExp) {
  await openPage(page, `${admin}/dev/mailbox?to=${encodeURIComponent(to)}`)
  await page.getByRole('button', { name: subject }).first().click()
  await page.getByRole('link', { name: linkPath }).first().click()
}

describe('a business owner signs up, secures the account and invites a colleague', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  it('works end to end', async () => {
    const owner = await (await newVisitor(browser, '203.0.113.20')).newPage()
    const email = 'ana@lumen-journey.example'
    const password = 'ana strong password'

    // Sign up.
    await openPage(owner, `${admin}/sign-up`)
    await owner.getByLabel('Name', { exact: true }).fill('Ana')
    await owner.getByLabel('Surname', { exact: true }).fill('López')
    await owner.getByLabel('Business name').fill('Ana Hair Studio')
    await owner.getByLabel('Email').fill(email)
    await owner.getByLabel('Password').fill(password)
    await owner.getByRole('button', { name: 'Create account' }).click()
    await owner.getByText('Check your inbox').waitFor()

    // Verify from the dev mailbox: the link signs her in.
    await followEmailLink(owner, email, /Confirm your email/, /verify-email/)
    await owner.waitForURL(`${admin}/?welcome=1`)
    await owner.getByText('Welcome, Ana').waitFor()

    // Enrol two-factor authentication with the secret shown on screen.
    await openPage(owner, `${admin}/account/security`)
    await owner.getByRole('button', { name: 'Set up two-factor authentication' }).click()
    const secret = (await owner.getByTestId('totp-secret').textContent())!.trim()
    await owner.getByLabel('Code from the app').fill(await generateTotpCode({ secret }))
    await owner.getByRole('button', { name: 'Turn on' }).click()
    await owner.getByText('Save your recovery codes').waitFor()
    expect(await owner.getByTestId('recovery-codes').locator('li').count()).toBe(10)
    await owner.getByRole('button', { name: 'I saved them' }).click()
    await owner.getByText('On', { exact: true }).waitFor()

    // Sign out, then sign in with password and a fresh code (the enrolment code cannot be replayed).
    await owner.getByRole('button', { name: 'Account menu' }).click()
    await owner.getByRole('menuitem', { name: 'Sign out' }).click()
    await owner.waitForURL(`${admin}/sign-in`)
    await waitForHydration(owner)
    await owner.getByLabel('Email').fill(email)
    await owner.getByLabel('Password').fill(password)
    await owner.getByRole('button', { name: 'Sign in', exact: true }).click()
    await owner.getByLabel('Authentication code').fill(await generateTotpCode({ secret, now: Date.now() + 30_000 }))
    await owner.getByRole('button', { name: 'Verify' }).click()
    await owner.waitForURL(`${admin}/`)

    // Invite a colleague as editor.
    const colleague = 'marta@lumen-journey.example'
    await openPage(owner, `${admin}/settings/members`)
    await owner.getByRole('button', { name: 'Invite' }).click()
    await owner.getByRole('dialog').getByLabel('Email').fill(colleague)
    await owner.getByRole('button', { name: 'Send invitation' }).click()
    await owner.getByRole('list', { name: 'Pending invitations' }).getByText(colleague).waitFor()

    // The colleague accepts from the mailbox, creating an account, and lands in the org as editor.
    const member = await (await newVisitor(browser, '203.0.113.21')).newPage()
    await followEmailLink(member, colleague, /invited you to Ana Hair Studio/, /invitations\//)
    await waitForHydration(member)
    await member.getByText('Join Ana Hair Studio').waitFor()
    await member.getByLabel('Your name').fill('Marta')
    await member.getByLabel('Choose a password').fill('marta strong password')
    await member.getByRole('button', { name: 'Create account and join' }).click()
    await member.waitForURL(`${admin}/`)
    await member.getByRole('button', { name: 'Switch organization' }).getByText('Ana Hair Studio').waitFor()
    await openPage(member, `${admin}/settings/members`)
    const me = member.getByRole('list', { name: 'Members' }).locator('li', { hasText: colleague })
    expect((await me.textContent())).toContain('editor')
    expect(await member.getByRole('button', { name: 'Invite' }).count()).toBe(0)

    // The owner sees the new member with the role she chose.
    await openPage(owner, `${admin}/settings/members`)
    await owner.getByRole('list', { name: 'Members' }).getByText(colleague).waitFor()
  })
})

import { afterAll, beforeAll, describe, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { openE2eDatabase } from './support/accounts'
import { launchBrowser, newVisitor, openPage, waitForHydration } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`

describe('someone who forgot their password', () => {
  const database = openE2eDatabase()
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
    await database.createOwner('forgetful@example.com', 'Forgetful Clinic')
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('resets it from the emailed link and signs in with the new one', async () => {
    const page = await (await newVisitor(browser, '203.0.113.30')).newPage()
    await openPage(page, `${admin}/sign-in`)
    await page.getByRole('link', { name: 'Forgot password?' }).click()
    await page.waitForURL(`${admin}/forgot-password`)
    await page.getByLabel('Email').fill('forgetful@example.com')
    await page.getByRole('button', { name: 'Send reset link' }).click()
    await page.getByText('a reset link is on its way').waitFor()

    await page.getByRole('link', { name: 'Open dev mailbox' }).click()
    await waitForHydration(page)
    await page.getByRole('button', { name: /Reset your Flectar Base password/ }).first().click()
    await page.getByRole('link', { name: /reset-password/ }).click()
    await page.waitForURL(/\/reset-password\?token=/)
    await waitForHydration(page)

    await page.getByLabel('New password').fill('a brand new password')
    await page.getByLabel('Repeat it').fill('a different one')
    await page.getByRole('button', { name: 'Save password' }).click()
    await page.getByText('The passwords do not match').waitFor()
    await page.getByLabel('Repeat it').fill('a brand new password')
    await page.getByRole('button', { name: 'Save password' }).click()
    await page.waitForURL(`${admin}/sign-in`)

    await waitForHydration(page)
    await page.getByLabel('Email').fill('forgetful@example.com')
    await page.getByLabel('Password').fill('a brand new password')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL(`${admin}/`)
    await page.getByRole('button', { name: 'Switch organization' }).getByText('Forgetful Clinic').waitFor()
  })
})

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { openE2eDatabase } from './support/accounts'
import { launchBrowser, newVisitor, openPage, waitForHydration } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`

describe('someone asked to sign in on the way to a page', () => {
  const database = openE2eDatabase()
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
    await database.createOwner('returning@example.com', 'Return Co')
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('signs in with an emailed link and lands on that page', async () => {
    const page = await (await newVisitor(browser, '203.0.113.81')).newPage()
    await page.goto(`${admin}/account`)
    await page.waitForURL(`${admin}/sign-in?redirect=/account`)
    await waitForHydration(page)
    await page.getByRole('link', { name: 'Email me a sign-in link' }).click()
    await page.waitForURL(`${admin}/magic-link?redirect=%2Faccount`)
    await waitForHydration(page)
    await page.getByLabel('Email').fill('returning@example.com')
    await page.getByRole('button', { name: 'Email me a link' }).click()
    await page.getByText(/a sign-in link is on its way/).waitFor()
    const link = await database.linkFromEmail('returning@example.com', 'auth.magic_link')
    expect(new URL(link).searchParams.get('redirect')).toBe('/account')
    await page.goto(link)
    await page.waitForURL(`${admin}/account`)
    await page.close()
  })

  it('goes straight on when already signed in, instead of staying on the sign-in page', async () => {
    const context = await newVisitor(browser, '203.0.113.82')
    const page = await context.newPage()
    await openPage(page, `${admin}/sign-in?redirect=/settings/members`)
    await page.getByLabel('Email').fill('returning@example.com')
    await page.getByLabel('Password').fill('e2e password 123')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL(`${admin}/settings/members`)
    // An old tab, the back button or a bookmark: the sign-in page sends a signed-in person on.
    await page.goto(`${admin}/sign-in?redirect=/projects`)
    await page.waitForURL(`${admin}/projects`)
    await page.goto(`${admin}/sign-in?redirect=//evil.example/x`)
    await page.waitForURL(`${admin}/`)
    await context.close()
  })
})

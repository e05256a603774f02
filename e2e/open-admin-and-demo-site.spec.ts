import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, newVisitor, waitForHydration } from './support/browser'

const adminUrl = `http://localhost:${inject('adminPort')}`
const demoUrl = `http://demo.localhost:${inject('sitePort')}`

describe('a new user opens the admin and the demo site', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  it('asks the demo owner to sign in, then shows the dashboard linking to the demo site', async () => {
    const page = await (await newVisitor(browser, '203.0.113.40')).newPage()
    const response = await page.goto(`${adminUrl}/settings/members`)
    expect(response?.status()).toBe(200)
    await page.waitForURL(`${adminUrl}/sign-in?redirect=/settings/members`)
    await waitForHydration(page)
    await page.getByLabel('Email').fill('owner@demo.flectar.localhost')
    await page.getByLabel('Password').fill(inject('demoOwnerPassword'))
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL(`${adminUrl}/settings/members`)
    await page.getByRole('list', { name: 'Members' }).getByText('owner@demo.flectar.localhost').waitFor()
    await page.getByRole('link', { name: 'Home' }).click()
    await page.getByText('Welcome, Alex').waitFor()
    expect(await page.title()).toBe('Home · Flectar Base')
    // The demo owner's own site; and the checklist of its next steps, ticked from real state.
    const demoLink = page.getByRole('link', { name: 'Open Willow & Wren Hair Studio' })
    expect(await demoLink.getAttribute('href')).toBe(demoUrl)
    const steps = page.getByRole('list', { name: 'Next steps for Willow & Wren Hair Studio' })
    await steps.getByText('Publish your site (done)').waitFor()
    await steps.getByText('Services and opening hours (done)').waitFor()
    await steps.getByText('Your domain (to do)').waitFor()
    await page.close()
  })

  it('shows field errors on the sign-in form instead of submitting bad input', async () => {
    const page = await browser.newPage()
    await page.goto(`${adminUrl}/sign-in`)
    await waitForHydration(page)
    await page.getByLabel('Email').fill('not-an-email')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('Enter a valid email address').waitFor()
    await page.getByText('Enter your password').waitFor()
    await page.close()
  })

  it('fits a 375 px phone without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } })
    for (const url of [`${adminUrl}/sign-in`, `${adminUrl}/sign-up`, `${adminUrl}/dev/mailbox`, demoUrl]) {
      await page.goto(url)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, url).toBeLessThanOrEqual(0)
    }
    await page.close()
  })

  it('renders the demo site\'s published home page on demo.localhost', async () => {
    const page = await browser.newPage()
    const response = await page.goto(demoUrl)
    expect(response?.status()).toBe(200)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hair that feels like you, only better')
    await page.getByRole('link', { name: 'Book an appointment' }).waitFor()
    const missing = await page.goto(`${demoUrl}/nothing-here`)
    expect(missing?.status()).toBe(404)
    await page.getByText('This page does not exist').waitFor()
    await page.close()
  })
})

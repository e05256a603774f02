import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { signUp } from '@flectar/accounts'
import { outboxMessages } from '@flectar/db'
import { openE2eDatabase } from './support/accounts'
import { launchBrowser, newVisitor, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`

describe('someone signs in with a password before verifying their email', () => {
  const database = openE2eDatabase()
  const email = 'unverified@sign-in-journey.example'
  const password = 'not verified yet 1'
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
    await signUp(database.db, database.env, database.context, { email, password, name: 'Uma', surname: '', organizationName: 'Uma Studio' })
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('is told to check the inbox, gets a new link, and is not signed in', async () => {
    const page = await (await newVisitor(browser, '203.0.113.40')).newPage()
    await openPage(page, `${admin}/sign-in`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByText('Check your inbox to verify your email first').waitFor()
    expect(page.url()).toBe(`${admin}/sign-in`)
    expect((await page.context().cookies()).some(cookie => cookie.name === 'flectar_session')).toBe(false)
    const [sent] = await database.db.select({ n: count() }).from(outboxMessages)
      .where(and(eq(outboxMessages.to, email), eq(outboxMessages.template, 'auth.verify_email')))
    expect(sent!.n).toBe(2)
  })
})

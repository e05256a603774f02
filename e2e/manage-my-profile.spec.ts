import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { memberships, users } from '@flectar/db'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpRequest } from './support/apps'
import { launchBrowser, newVisitor, openPage, waitForHydration } from './support/browser'

const adminPort = inject('adminPort')
const admin = `http://localhost:${adminPort}`
// A 64×64 red PNG, as a phone's photo picker would hand over (only smaller).
const RED_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAAe0lEQVR4nO3PUQkAIBTAwFfEPvZvYBND+HEIgwW4zVn764YLGtCCBrSgAS1oQAsa0IIGtKABLWhACxrQgga0oAEtaEALGtCCBrSgAS1oQAsa0IIGtKABLWhACxrQgga0oAEtaEALGtCCBrSgAS1oQAsa0IIGtKABLXjsAo+uYS3QfyWRAAAAAElFTkSuQmCC', 'base64')

async function signIn(page: Page, email: string, password: string) {
  await openPage(page, `${admin}/sign-in`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

describe('someone who manages their profile', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let dir: string
  const password = 'e2e password 123'

  beforeAll(async () => {
    browser = await launchBrowser()
    dir = await mkdtemp(path.join(tmpdir(), 'flectar-e2e-profile-'))
    await writeFile(path.join(dir, 'me.png'), RED_PNG)
    await writeFile(path.join(dir, 'fake.png'), 'not an image, just text with a .png name\n')
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('edits name and phone, uploads a photo, changes email, and deletes the account', async () => {
    const owner = await database.createOwner('lucia@profile-journey.example', 'Lucia Physio')
    const page = await (await newVisitor(browser, '203.0.113.40')).newPage()
    await signIn(page, 'lucia@profile-journey.example', password)
    await page.waitForURL(`${admin}/`)

    // Profile from the account menu.
    await page.getByRole('button', { name: 'Account menu' }).click()
    await page.getByRole('menuitem', { name: 'Profile' }).click()
    await page.waitForURL(`${admin}/account/profile`)
    await page.getByLabel('Name', { exact: true }).fill('Lucía')
    await page.getByLabel('Surname', { exact: true }).fill('Fernández')
    await page.getByLabel('Phone').fill('600 12')
    await page.getByRole('button', { name: 'Save profile' }).click()
    await page.getByText('Enter the number with its country code').waitFor()
    await page.getByLabel('Phone').fill('+34 600 123 456')
    await page.getByRole('button', { name: 'Save profile' }).click()
    await page.getByText('Profile saved', { exact: true }).waitFor()
    await page.getByRole('button', { name: 'Account menu' }).getByText('Lucía Fernández').waitFor()
    const [saved] = await database.db.select().from(users).where(eq(users.id, owner.userId))
    expect(saved).toMatchObject({ name: 'Lucía', surname: 'Fernández', phone: '+34600123456' })

    // A text file named .png is refused by its content; a real PNG becomes the photo.
    await page.getByTestId('avatar-input').setInputFiles(path.join(dir, 'fake.png'))
    await page.getByText('This file is not a PNG, JPEG, WebP, AVIF or GIF image.', { exact: true }).waitFor()
    await page.getByTestId('avatar-input').setInputFiles(path.join(dir, 'me.png'))
    await page.getByText('Profile photo updated', { exact: true }).waitFor()
    const photo = page.getByTestId('profile-avatar').locator('img')
    await expect.poll(() => photo.getAttribute('src')).toMatch(/^\/api\/account\/avatar\?v=[\w-]+$/)
    await expect.poll(() => photo.evaluate(img => (img as HTMLImageElement).naturalWidth)).toBe(64)
    const menuPhoto = page.getByRole('button', { name: 'Account menu' }).locator('img')
    await expect.poll(() => menuPhoto.getAttribute('src')).toBe(await photo.getAttribute('src'))
    const served = await page.request.get(`${admin}${await photo.getAttribute('src')}`)
    expect(served.status()).toBe(200)
    expect(served.headers()['content-type']).toBe('image/png')
    expect(served.headers()['cache-control']).toBe('private, max-age=300')
    expect(Buffer.from(await served.body())).toEqual(RED_PNG)

    // Change the email: a link goes to the new inbox; opening it switches the address.
    await page.getByLabel('New email').fill('lucia.new@profile-journey.example')
    await page.getByLabel('Your password').fill(password)
    await page.getByRole('button', { name: 'Change email' }).click()
    await page.getByText('Check your new inbox').waitFor()
    expect(await page.getByTestId('current-email').textContent()).toBe('lucia@profile-journey.example')
    await page.getByRole('link', { name: 'Open dev mailbox' }).click()
    await waitForHydration(page)
    await page.getByRole('button', { name: /Confirm your new email/ }).first().click()
    await page.getByRole('link', { name: /confirm-email/ }).click()
    await page.waitForURL(/\/confirm-email\?token=/)
    await page.getByText('Your email is now lucia.new@profile-journey.example').waitFor()
    await page.getByRole('link', { name: 'Back to your profile' }).click()
    await page.waitForURL(`${admin}/account/profile`)
    await expect.poll(() => page.getByTestId('current-email').textContent()).toBe('lucia.new@profile-journey.example')

    // While someone else is in her org and she is its only owner, deletion is refused and says why.
    const colleague = await database.createOwner('colleague@profile-journey.example', 'Colleague Place')
    await database.db.insert(memberships).values({ orgId: owner.orgId, userId: colleague.userId, role: 'editor' })
    await page.getByRole('button', { name: 'Delete my account' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Confirm with your password').fill(password)
    await dialog.getByRole('button', { name: 'Delete account' }).click()
    await dialog.getByTestId('delete-blocked').getByText('You are the only owner of Lucia Physio').waitFor()

    // Without the colleague, the org goes with the account; she is signed out for good.
    await database.db.delete(memberships).where(and(eq(memberships.orgId, owner.orgId), eq(memberships.userId, colleague.userId)))
    await dialog.getByRole('button', { name: 'Delete account' }).click()
    await page.waitForURL(`${admin}/sign-in`)
    await page.getByText('Your account was deleted', { exact: true }).waitFor()
    const [deleted] = await database.db.select().from(users).where(eq(users.id, owner.userId))
    expect(deleted!.deletedAt).toBeInstanceOf(Date)
    expect((await adminApi('GET', '/api/auth/me', { cookie: owner.cookie })).status).toBe(401)

    await waitForHydration(page)
    await signIn(page, 'lucia.new@profile-journey.example', password)
    await page.getByText('Email or password is incorrect.', { exact: true }).waitFor()
    expect(page.url()).toContain('/sign-in')
  })

  it('refuses oversized, fake and empty uploads at the API, and serves only one\'s own photo', async () => {
    const owner = await database.createOwner('uploads@profile-journey.example', 'Upload Checks')
    const headers = { 'origin': admin, 'cookie': owner.cookie, 'content-type': 'image/png', 'x-forwarded-for': '203.0.113.41' }
    const put = (body: Buffer) => httpRequest(adminPort, 'PUT', '/api/account/avatar', { ...headers, 'content-length': String(body.length) }, body)

    expect((await httpRequest(adminPort, 'GET', '/api/account/avatar', headers)).status).toBe(404)
    expect((await put(Buffer.concat([RED_PNG, Buffer.alloc(3.5 * 1024 * 1024)]))).status).toBe(413)
    const tooBig = await put(Buffer.concat([RED_PNG, Buffer.alloc(2.5 * 1024 * 1024)]))
    expect(tooBig.status).toBe(422)
    expect(JSON.parse(tooBig.body).error.message).toContain('The limit is 2 MB')
    expect((await put(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).status).toBe(422)
    expect((await put(Buffer.alloc(0))).status).toBe(422)
    expect((await put(RED_PNG)).status).toBe(200)
    expect((await httpRequest(adminPort, 'GET', '/api/account/avatar', headers)).status).toBe(200)

    // Another account has no photo: it gets its own 404, never this one.
    const other = await database.createOwner('uploads-other@profile-journey.example', 'Other Uploads')
    expect((await httpRequest(adminPort, 'GET', '/api/account/avatar', { ...headers, cookie: other.cookie })).status).toBe(404)
    expect((await httpRequest(adminPort, 'GET', '/api/account/avatar', { 'x-forwarded-for': '203.0.113.41' })).status).toBe(401)
  })
})

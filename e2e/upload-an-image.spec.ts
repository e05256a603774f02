import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { mediaAssets, pages } from '@flectar/db'
import { createProject } from '@flectar/sites'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpRequest } from './support/apps'
import { launchBrowser, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`
const sitePort = inject('sitePort')
const host = `photo-studio.localhost:${sitePort}`
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')

/** A GET on the site app with a Host header, keeping the body as bytes (images, PDFs). */
async function siteGet(urlPath: string, hostHeader = host) {
  return await new Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: Buffer }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sitePort, path: urlPath, headers: { host: hostHeader } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** A 1200×800 PNG drawn by the browser, as a photo exported from an editor would be. */
async function drawPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 1200
    canvas.height = 800
    const context = canvas.getContext('2d')!
    const gradient = context.createLinearGradient(0, 0, 1200, 800)
    gradient.addColorStop(0, '#f59e0b')
    gradient.addColorStop(1, '#7c3aed')
    context.fillStyle = gradient
    context.fillRect(0, 0, 1200, 800)
    return canvas.toDataURL('image/png')
  })
  return Buffer.from(dataUrl.split(',')[1]!, 'base64')
}

describe('an owner uploads images and private files to the media library', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let dir: string

  beforeAll(async () => {
    browser = await launchBrowser()
    dir = await mkdtemp(path.join(tmpdir(), 'flectar-e2e-media-'))
    await writeFile(path.join(dir, 'price-list.pdf'), PDF)
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('uploads a PNG with alt text, serves WebP variants on the site, and puts it in a page', async () => {
    const owner = await database.createOwner('owner@media-journey.example', 'Photo Studio Co')
    const project = await createProject(database.db, owner.orgId, { name: 'Photo Studio', slug: 'photo-studio', templateKey: 'salon', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR, { published: true })
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.60' } })
    const [name, value] = owner.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    await writeFile(path.join(dir, 'studio.png'), await drawPng(page))

    await openPage(page, `${admin}/projects/${project.id}?tab=media`)
    await page.getByText('No files yet').waitFor()

    // Alt text is required for a public image: the form says so before anything is sent.
    await page.getByRole('button', { name: 'Upload', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByTestId('media-file-input').setInputFiles(path.join(dir, 'studio.png'))
    await dialog.getByText('studio.png').waitFor()
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click()
    await dialog.getByText('Describe the image for people who cannot see it').waitFor()
    await dialog.getByLabel('Alternative text').fill('Warm studio light fading into violet')
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click()
    await page.getByText('studio.png uploaded', { exact: true }).waitFor()

    const library = page.getByRole('list', { name: 'Media library' })
    const thumbnail = library.getByRole('img', { name: 'Warm studio light fading into violet' })
    await thumbnail.waitFor()
    // The thumbnail is the 480 px WebP, loaded from the project's own site.
    await expect.poll(() => thumbnail.evaluate(img => (img as HTMLImageElement).naturalWidth)).toBe(480)
    const [asset] = await database.db.select().from(mediaAssets).where(eq(mediaAssets.projectId, project.id))
    expect(asset).toMatchObject({ filename: 'studio.png', contentType: 'image/png', width: 1200, height: 800, alt: 'Warm studio light fading into violet', private: false, createdBy: owner.userId })

    // On the project's host: WebP, cached for a year, never sniffed.
    const variant = await siteGet(`/media/${project.id}/${asset!.id}/960`)
    expect(variant.status).toBe(200)
    expect(variant.headers['content-type']).toBe('image/webp')
    expect(variant.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(variant.headers['x-content-type-options']).toBe('nosniff')
    expect(variant.body.subarray(0, 4).toString('latin1')).toBe('RIFF')
    expect(variant.body.subarray(8, 12).toString('latin1')).toBe('WEBP')
    const original = await siteGet(`/media/${project.id}/${asset!.id}/original`)
    expect(original.headers['content-type']).toBe('image/png')
    expect(original.body.subarray(1, 4).toString('latin1')).toBe('PNG')
    // Not on another project's host, not for a width that is not offered.
    expect((await siteGet(`/media/${project.id}/${asset!.id}/960`, `demo.localhost:${sitePort}`)).status).toBe(404)
    expect((await siteGet(`/media/${project.id}/${asset!.id}/961`)).status).toBe(404)

    // Alt text is edited inline.
    await library.getByLabel('Description of studio.png').fill('Warm light in the studio')
    await library.getByLabel('Description of studio.png').press('Enter')
    await page.getByText('Description saved', { exact: true }).waitFor()
    await expect.poll(async () => (await database.db.select().from(mediaAssets).where(eq(mediaAssets.id, asset!.id)))[0]?.alt).toBe('Warm light in the studio')

    // The editor's image field takes it from the library: path and description filled in.
    const [home] = await database.db.select().from(pages).where(eq(pages.projectId, project.id)).then(rows => rows.filter(row => row.path === '/'))
    await openPage(page, `${admin}/projects/${project.id}/pages/${home!.id}`)
    await page.getByRole('button', { name: 'Edit Hero block 1' }).click()
    const imageField = page.getByRole('group', { name: 'Image', exact: true })
    await imageField.getByRole('button', { name: 'Replace' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Use Warm light in the studio' }).click()
    await expect.poll(() => imageField.getByLabel('Image address').inputValue()).toBe(`/media/${project.id}/${asset!.id}/960`)
    expect(await imageField.getByLabel('Alternative text').inputValue()).toBe('Warm light in the studio')
    await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor()
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.getByText('Published', { exact: true }).waitFor()

    const visitor = await context.newPage()
    await visitor.goto(`http://${host}/`)
    const hero = visitor.getByRole('img', { name: 'Warm light in the studio' })
    expect(await hero.getAttribute('src')).toBe(`/media/${project.id}/${asset!.id}/960`)
    await expect.poll(() => hero.evaluate(img => (img as HTMLImageElement).naturalWidth)).toBe(960)
    await context.close()
  })

  it('keeps a private PDF behind a signed link that stops working when altered', async () => {
    const owner = await database.createOwner('owner@private-files.example', 'Private Files Co')
    const project = await createProject(database.db, owner.orgId, { name: 'Private Files', slug: 'private-files', templateKey: 'link-in-bio', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.61' } })
    const [name, value] = owner.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()

    await openPage(page, `${admin}/projects/${project.id}?tab=media`)
    await page.getByRole('button', { name: 'Upload', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByTestId('media-file-input').setInputFiles(path.join(dir, 'price-list.pdf'))
    // A PDF is private, always.
    await expect.poll(() => dialog.getByRole('switch', { name: 'Private' }).getAttribute('aria-checked')).toBe('true')
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click()
    await page.getByText('price-list.pdf uploaded', { exact: true }).waitFor()
    await page.getByRole('list', { name: 'Media library' }).getByText('Private').waitFor()

    const listed = await adminApi('GET', `/api/orgs/${owner.orgId}/projects/${project.id}/media`, { cookie: owner.cookie, headers: { 'x-forwarded-for': '203.0.113.61' } })
    const [pdf] = JSON.parse(listed.body).data as Array<{ id: string, url: string, path: string | null, private: boolean }>
    expect(pdf).toMatchObject({ private: true, path: null })
    const signed = new URL(pdf!.url)
    expect(signed.host).toBe(`private-files.localhost:${sitePort}`)
    expect(signed.pathname).toBe(`/media/private/${project.id}/${pdf!.id}/original.pdf`)
    const privateHost = signed.host

    const ok = await siteGet(signed.pathname + signed.search, privateHost)
    expect(ok.status, ok.body.toString().slice(0, 2000)).toBe(200)
    expect(ok.headers['content-type']).toBe('application/pdf')
    expect(ok.headers['content-disposition']).toBe('attachment; filename*=UTF-8\'\'price-list.pdf')
    expect(ok.headers['cache-control']).toBe('private, no-store')
    expect(ok.body.equals(PDF)).toBe(true)

    const signature = signed.searchParams.get('signature')!
    const expires = Number(signed.searchParams.get('expires'))
    const attempts = [
      signed.pathname,
      `${signed.pathname}?expires=${expires}&signature=${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `${signed.pathname}?expires=${expires + 3600}&signature=${signature}`,
      `/media/${project.id}/${pdf!.id}/original`,
    ]
    for (const attempt of attempts) expect((await siteGet(attempt, privateHost)).status, attempt).toBe(404)

    // The upload route takes up to 26 MB at the door (files 25 MB, plus the envelope).
    const adminPort = inject('adminPort')
    const tooBig = await httpRequest(adminPort, 'POST', `/api/orgs/${owner.orgId}/projects/${project.id}/media`, { 'origin': admin, 'cookie': owner.cookie, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(27 * 1024 * 1024), 'x-forwarded-for': '203.0.113.61' }, Buffer.alloc(27 * 1024 * 1024))
    expect(tooBig.status).toBe(413)
    await context.close()
  })
})

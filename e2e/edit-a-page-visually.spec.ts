import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page, Request } from 'playwright-core'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { pages } from '@flectar/db'
import { createPage, createProject } from '@flectar/sites'
import { openE2eDatabase } from './support/accounts'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser, openPage } from './support/browser'

const admin = `http://localhost:${inject('adminPort')}`
const site = `http://visual-salon.localhost:${inject('sitePort')}`

async function waitUntilSaved(page: Page) {
  await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor()
}

/** A 1200×800 PNG drawn by the browser, uploaded to the project's library as the admin app does. */
async function uploadImage(page: Page, base: string, cookie: string, alt: string) {
  const png = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 1200
    canvas.height = 800
    const context = canvas.getContext('2d')!
    context.fillStyle = '#0f766e'
    context.fillRect(0, 0, 1200, 800)
    return canvas.toDataURL('image/png').split(',')[1]!
  })
  const body = new FormData()
  body.append('file', new Blob([Buffer.from(png, 'base64')], { type: 'image/png' }), 'chairs.png')
  body.append('alt', alt)
  body.append('private', 'false')
  const response = await fetch(`${admin}${base}/media`, { method: 'POST', body, headers: { cookie, origin: admin } })
  expect(response.status).toBe(201)
  return await response.json() as { id: string, path: string }
}

/** The rich text the editor sent in its autosaves, newest last: what the browser's editor wrote. */
function richTextSent(requests: Request[]): string[] {
  return requests.map((request) => {
    const body = request.postDataJSON() as { content: { blocks: Array<{ type: string, content: { html?: string } }> } }
    return body.content.blocks.find(block => block.type === 'richText')?.content.html ?? ''
  }).filter(Boolean)
}

describe('an owner edits a page with the rich-text editor, the media library and the live preview', () => {
  const database = openE2eDatabase()
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('formats text, links it, adds a library image and SEO, sees the preview at 375 px, and publishes', async () => {
    const owner = await database.createOwner('owner@visual-edit.example', 'Visual Salon Co')
    const project = await createProject(database.db, owner.orgId, { name: 'Visual Salon', slug: 'visual-salon', templateKey: 'salon', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR, { published: true })
    const walkIns = await createPage(database.db, { orgId: owner.orgId, projectId: project.id }, { path: '/walk-ins', title: 'Walk-ins' }, SYSTEM_ACTOR)
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.70' } })
    const [name, value] = owner.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    const base = `/api/orgs/${owner.orgId}/projects/${project.id}`
    const asset = await uploadImage(page, base, owner.cookie, 'Three teal chairs by the window')

    const drafts: Request[] = []
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().endsWith(`/pages/${walkIns.id}/draft`)) drafts.push(request)
    })
    await openPage(page, `${admin}/projects/${project.id}/pages/${walkIns.id}`)
    const preview = page.frameLocator('[data-testid="preview-frame"]')

    // A text block, written and formatted with the toolbar and the keyboard.
    await page.getByRole('button', { name: 'Add block' }).click()
    await page.getByRole('dialog').getByRole('button', { name: /^Text/ }).click()
    const text = page.getByRole('textbox', { name: 'Text', exact: true })
    await text.click()
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('Walk-ins are ')
    await page.getByRole('button', { name: 'Bold' }).click()
    await page.getByRole('button', { name: 'Bold', pressed: true }).waitFor()
    await page.keyboard.type('welcome')
    await page.keyboard.press('ControlOrMeta+b')
    await page.keyboard.type(' every day. Book now')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Bulleted list' }).click()
    await page.getByRole('button', { name: 'Bulleted list', pressed: true }).waitFor()
    await page.keyboard.type('No appointment needed')

    // "Book now" selected, then Ctrl+K: the link popover.
    await text.evaluate((element) => {
      const paragraph = element.querySelector('p')!
      const node = paragraph.lastChild!
      const range = document.createRange()
      range.setStart(node, node.textContent!.indexOf('Book now'))
      range.setEnd(node, node.textContent!.length)
      getSelection()!.removeAllRanges()
      getSelection()!.addRange(range)
    })
    await page.keyboard.press('ControlOrMeta+k')
    await page.getByLabel('Link address').fill('/book')
    await page.getByLabel('Link address').press('Enter')
    await page.getByRole('button', { name: 'Link', pressed: true }).waitFor()
    await waitUntilSaved(page)

    const written = '<p>Walk-ins are <strong>welcome</strong> every day. <a href="/book">Book now</a></p><ul><li><p>No appointment needed</p></li></ul>'
    await expect.poll(() => richTextSent(drafts).at(-1)).toBe(written)
    // What the editor wrote is what the server keeps: its sanitizer (on every save) changed nothing.
    const stored = async () => (await database.db.select().from(pages).where(eq(pages.id, walkIns.id)))[0]!.draft
    expect((await stored()).blocks[0]!.content.html).toBe(written)
    // The preview beside the form shows the saved draft.
    await preview.locator('strong', { hasText: 'welcome' }).waitFor()
    await preview.locator('a[href="/book"]', { hasText: 'Book now' }).waitFor()

    // An image block: the picture chosen from the media library, its description filled in.
    await page.getByRole('button', { name: 'Add block' }).click()
    await page.getByRole('dialog').getByRole('button', { name: /^Image/ }).click()
    const imageField = page.getByRole('group', { name: 'Image', exact: true })
    await imageField.getByRole('button', { name: /^(Choose|Replace)$/ }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Use Three teal chairs by the window' }).click()
    await expect.poll(() => imageField.getByLabel('Alternative text').inputValue()).toBe('Three teal chairs by the window')
    const thumbnail = imageField.getByTestId('image-thumbnail').locator('img')
    expect(await thumbnail.getAttribute('src')).toBe(`${site}${asset.path}`)
    await expect.poll(() => thumbnail.evaluate(img => (img as HTMLImageElement).naturalWidth)).toBe(960)
    await waitUntilSaved(page)

    // Search and sharing: the counters and the search-result preview follow what is typed.
    await page.getByLabel('Search title').fill('Walk-in haircuts in Madrid')
    await page.getByLabel('Search description').fill('No appointment needed: come in for a cut, a fringe trim or a blow-dry, any day we are open.')
    expect(await page.getByTestId('seo-title-count').textContent()).toBe('26 / 60')
    expect(await page.getByTestId('seo-description-count').textContent()).toBe('91 / 160')
    await page.getByTestId('search-preview').getByText('Walk-in haircuts in Madrid').waitFor()
    await waitUntilSaved(page)
    expect((await stored()).seo).toEqual({ metaTitle: 'Walk-in haircuts in Madrid', metaDescription: 'No appointment needed: come in for a cut, a fringe trim or a blow-dry, any day we are open.' })

    // The preview at a phone's width, then the editor on a phone: Form | Preview.
    await page.getByRole('button', { name: 'Phone, 375' }).click()
    const frame = page.getByTestId('preview-frame')
    expect(await frame.evaluate(element => element.getBoundingClientRect().width)).toBeCloseTo(375, 0)
    await preview.getByRole('img', { name: 'Three teal chairs by the window' }).waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.setViewportSize({ width: 375, height: 800 })
    await page.getByRole('button', { name: 'Preview', pressed: false }).click()
    await frame.waitFor()
    expect(await frame.evaluate(element => element.getBoundingClientRect().width)).toBeLessThanOrEqual(375)
    expect(await preview.locator('html').evaluate(() => window.innerWidth)).toBe(375)
    await page.getByRole('button', { name: 'Form', pressed: false }).click()
    await page.getByRole('button', { name: 'Edit Text block 1' }).click()
    await text.click()
    await page.keyboard.press('ControlOrMeta+End')
    await page.keyboard.type(' Today too.')
    // The save status is not shown at this width: the draft is read instead.
    await expect.poll(async () => (await stored()).blocks[0]!.content.html).toContain('Today too.')
    await page.getByRole('button', { name: 'Preview', pressed: false }).click()
    await preview.getByText('Today too.').waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])

    // Published: visitors get the bold text, the link, the image and the page's own meta tags.
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.getByText('Published', { exact: true }).waitFor()
    const visitor = await context.newPage()
    await visitor.goto(`${site}/walk-ins`)
    expect(await visitor.locator('main strong').first().textContent()).toBe('welcome')
    expect(await visitor.locator('main a[href="/book"]', { hasText: 'Book now' }).count()).toBe(1)
    expect(await visitor.locator('main li').first().textContent()).toBe('No appointment needed Today too.')
    expect(await visitor.getByRole('img', { name: 'Three teal chairs by the window' }).getAttribute('src')).toBe(asset.path)
    expect(await visitor.title()).toBe('Walk-in haircuts in Madrid')
    const meta = (selector: string) => visitor.locator(selector).getAttribute('content')
    expect(await meta('meta[name="description"]')).toBe('No appointment needed: come in for a cut, a fringe trim or a blow-dry, any day we are open.')
    expect(await meta('meta[property="og:title"]')).toBe('Walk-in haircuts in Madrid')
    expect(await meta('meta[property="og:description"]')).toBe('No appointment needed: come in for a cut, a fringe trim or a blow-dry, any day we are open.')
    expect(await visitor.locator('main').innerHTML()).not.toMatch(/<script|onerror|javascript:/i)
    await context.close()
  })

  it('cleans pasted HTML, and a social image and noindex reach the public page', async () => {
    const owner = await database.createOwner('owner@share-card.example', 'Share Card Co')
    const project = await createProject(database.db, owner.orgId, { name: 'Share Card', slug: 'share-card', templateKey: 'salon', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR, { published: true })
    const [home] = (await database.db.select().from(pages).where(eq(pages.projectId, project.id))).filter(row => row.path === '/')
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.71' } })
    const [name, value] = owner.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    const page = await context.newPage()
    const asset = await uploadImage(page, `/api/orgs/${owner.orgId}/projects/${project.id}`, owner.cookie, 'The salon from the street')

    const drafts: Request[] = []
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().endsWith(`/pages/${home!.id}/draft`)) drafts.push(request)
    })
    await openPage(page, `${admin}/projects/${project.id}/pages/${home!.id}`)
    const stored = async () => (await database.db.select().from(pages).where(eq(pages.id, home!.id)))[0]!.draft

    // Hostile HTML pasted in: the editor keeps its text and formatting only, and so does the server.
    await page.getByRole('button', { name: 'Add block' }).click()
    await page.getByRole('dialog').getByRole('button', { name: /^Text/ }).click()
    const text = page.getByRole('textbox', { name: 'Text', exact: true })
    await text.click()
    await page.keyboard.press('ControlOrMeta+a')
    await text.evaluate((element) => {
      const data = new DataTransfer()
      data.setData('text/html', '<p onclick="alert(1)">Pasted <b>loud</b> text<script>alert(1)</script><img src="x" onerror="alert(1)"><a href="javascript:alert(1)">bad link</a><iframe src="https://evil.example"></iframe></p>')
      data.setData('text/plain', 'Pasted loud text bad link')
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await waitUntilSaved(page)
    await expect.poll(() => richTextSent(drafts).at(-1)).toContain('<strong>loud</strong>')
    const pasted = richTextSent(drafts).at(-1)!
    expect(pasted).not.toMatch(/script|onerror|onclick|javascript:|iframe|<img/i)
    expect((await stored()).blocks.find(block => block.type === 'richText')!.content.html).toBe(pasted)

    await page.getByText('Social sharing image and card').click()
    const social = page.getByRole('group', { name: 'Social image' })
    await social.getByText('No image chosen.').waitFor()
    await social.getByRole('button', { name: 'Choose' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Use The salon from the street' }).click()
    await page.getByTestId('share-preview').locator('img').waitFor()
    await page.getByRole('switch', { name: 'Hide from search engines' }).click()
    await page.getByTestId('search-preview').getByText('Not listed').waitFor()
    await waitUntilSaved(page)
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.getByText('Published', { exact: true }).waitFor()

    const share = `http://share-card.localhost:${inject('sitePort')}`
    const visitor = await context.newPage()
    await visitor.goto(share)
    const meta = (selector: string) => visitor.locator(selector).getAttribute('content')
    expect(await meta('meta[property="og:image"]')).toBe(`${share}${asset.path}`)
    expect(await meta('meta[property="og:image:alt"]')).toBe('The salon from the street')
    expect(await meta('meta[name="twitter:card"]')).toBe('summary_large_image')
    expect(await meta('meta[name="robots"]')).toBe('noindex, nofollow')
    await context.close()
  })
})

import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { bookings, conversations, customers, memberships, pages, projects, users } from '@flectar/db'
import { formatInZone } from '@flectar/time'
import { openE2eDatabase } from './support/accounts'
import { seriousAxeViolations, type AxeProblem } from './support/axe'
import { launchBrowser, newVisitor, openPage, waitForHydration } from './support/browser'
import { tabTo } from './support/keyboard'

const admin = `http://localhost:${inject('adminPort')}`
const PAGES_DIR = fileURLToPath(new URL('../apps/admin/app/pages', import.meta.url))

interface Demo { projectId: string, pageId: string, invitationToken: string, bookingId: string, bookingDate: string, customerName: string, conversationId: string }

/**
 * The URLs that show each page file of the admin: signed out, or as the demo owner with every
 * tab and section. A page file with no entry fails the first test, so a new page gets scanned.
 */
function pageUrls(demo: Demo): Record<string, { signedIn: boolean, urls: string[] }> {
  const project = `/projects/${demo.projectId}`
  return {
    'sign-in.vue': { signedIn: false, urls: ['/sign-in'] },
    'sign-up.vue': { signedIn: false, urls: ['/sign-up'] },
    'forgot-password.vue': { signedIn: false, urls: ['/forgot-password'] },
    'magic-link.vue': { signedIn: false, urls: ['/magic-link'] },
    'reset-password.vue': { signedIn: false, urls: ['/reset-password?token=a11y-scan'] },
    // An unknown token: the page settles on its "link does not work" state.
    'verify-email.vue': { signedIn: false, urls: ['/verify-email?token=a11y-scan'] },
    'confirm-email.vue': { signedIn: false, urls: ['/confirm-email?token=a11y-scan'] },
    'invitations/[token].vue': { signedIn: false, urls: [`/invitations/${encodeURIComponent(demo.invitationToken)}`] },
    'index.vue': { signedIn: true, urls: ['/', '/?welcome=1'] },
    'projects/index.vue': { signedIn: true, urls: ['/projects'] },
    'projects/new.vue': { signedIn: true, urls: ['/projects/new'] },
    'bookings.vue': { signedIn: true, urls: ['/bookings'] },
    'customers.vue': { signedIn: true, urls: ['/customers'] },
    'inbox.vue': { signedIn: true, urls: ['/inbox', `/inbox?project=${demo.projectId}&conversation=${demo.conversationId}`, '/inbox?q=nothing-matches-this'] },
    'settings/members.vue': { signedIn: true, urls: ['/settings/members'] },
    'settings/organization.vue': { signedIn: true, urls: ['/settings/organization'] },
    'settings/audit.vue': { signedIn: true, urls: ['/settings/audit'] },
    'settings/billing.vue': { signedIn: true, urls: ['/settings/billing'] },
    'account/profile.vue': { signedIn: true, urls: ['/account/profile'] },
    'account/security.vue': { signedIn: true, urls: ['/account/security'] },
    'dev/mailbox.vue': { signedIn: true, urls: ['/dev/mailbox'] },
    'projects/[projectId]/index.vue': {
      signedIn: true,
      urls: [
        ...['pages', 'invoices', 'subscriptions', 'media', 'settings', 'domains', 'redirects', 'analytics'].map(tab => `${project}?tab=${tab}`),
        ...['theme', 'navigation', 'payments', 'messaging', 'notifications', 'spam'].map(section => `${project}?tab=settings&section=${section}`),
        ...['calendar', 'list', 'payments', 'customers', 'waitlist', 'services', 'resources', 'extras', 'requirements', 'coupons', 'api-keys'].map(section => `${project}?tab=bookings&section=${section}`),
        // The day of a booking, so the calendar shows booking blocks, not an empty grid.
        `${project}?tab=bookings&section=calendar&date=${demo.bookingDate}`,
      ],
    },
    'projects/[projectId]/pages/[pageId].vue': { signedIn: true, urls: [`${project}/pages/${demo.pageId}`] },
  }
}

async function loadDemo(database: ReturnType<typeof openE2eDatabase>): Promise<Demo> {
  const { db } = database
  const [project] = await db.select().from(projects).where(eq(projects.slug, 'demo'))
  const [home] = await db.select().from(pages).where(and(eq(pages.projectId, project!.id), eq(pages.path, '/')))
  const [owner] = await db.select({ userId: users.id, orgId: memberships.orgId }).from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id)).where(eq(users.email, 'owner@demo.flectar.localhost'))
  const invitee = 'a11y-invitee@example.com'
  await database.createInvitation(owner!.userId, owner!.orgId, invitee)
  const invitationToken = decodeURIComponent(new URL(await database.linkFromEmail(invitee, 'org.invitation')).pathname.split('/').pop()!)
  const [booking] = await db.select().from(bookings)
    .where(and(eq(bookings.projectId, project!.id), eq(bookings.status, 'confirmed'))).orderBy(asc(bookings.startsAt)).limit(1)
  const [customer] = await db.select().from(customers).where(eq(customers.id, booking!.customerId!))
  // The seeded inbox's conversation with an answered contact-form message.
  const [conversation] = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.projectId, project!.id)).orderBy(asc(conversations.createdAt)).limit(1)
  return {
    projectId: project!.id, pageId: home!.id, invitationToken, bookingId: booking!.id, conversationId: conversation!.id,
    bookingDate: formatInZone(booking!.startsAt, project!.timeZone).slice(0, 10), customerName: customer!.name,
  }
}

/** Opens `url` once it has hydrated and loaded its data (lists and charts load after hydration). */
async function open(page: Page, url: string) {
  await openPage(page, admin + url)
  await page.waitForLoadState('networkidle')
}

/** The serious and critical violations of each state scanned, by name; empty when all pass. */
class Findings {
  readonly found: Record<string, AxeProblem[]> = {}
  constructor(private readonly page: Page) {}
  async scan(name: string) {
    // At rest: not under the pointer that just clicked something.
    await this.page.mouse.move(0, 0)
    const violations = await seriousAxeViolations(this.page)
    if (violations.length) this.found[name] = violations
  }

  async scanUrl(url: string, name = url) {
    await open(this.page, url)
    await this.scan(name)
  }

  /**
   * The same from within the app, as a click on a link gets there: the router goes to `url`
   * without loading the app again (and axe stays loaded), which makes scanning every tab and
   * section of a signed-in admin half as slow. The first page of a scan is a full load.
   */
  async scanInApp(url: string) {
    const moved = this.page.url().startsWith(admin) && await this.page.evaluate(async (target) => {
      const root = document.querySelector('#__nuxt') as (Element & { __vue_app__?: { config: { globalProperties: { $router?: { push: (to: string) => Promise<unknown> } } } } }) | null
      const router = root?.__vue_app__?.config.globalProperties.$router
      if (!router) return false
      await router.push(target)
      return true
    }, url)
    if (!moved) return await this.scanUrl(url)
    // The router may redirect (a tab the owner cannot see): then what is scanned is not `url`.
    expect(this.page.url(), 'the page the router went to').toBe(admin + url)
    await this.page.waitForLoadState('networkidle')
    await this.scan(url)
  }
}

/** The demo owner, signed in from the keyboard alone: Tab to each field, type, Enter. */
async function signInByKeyboard(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await openPage(page, `${admin}/sign-in`)
  await tabTo(page, page.getByLabel('Email'))
  await page.keyboard.type('owner@demo.flectar.localhost')
  await tabTo(page, page.getByLabel('Password'))
  await page.keyboard.type(inject('demoOwnerPassword'))
  await tabTo(page, page.getByRole('button', { name: 'Sign in', exact: true }))
  await page.keyboard.press('Enter')
  await page.waitForURL(`${admin}/`)
  await waitForHydration(page)
  return page
}

describe('the admin passes axe (WCAG 2.2 AA) on every page and works from the keyboard', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let demo: Demo
  let owner: BrowserContext
  beforeAll(async () => {
    browser = await launchBrowser()
    demo = await loadDemo(database)
    owner = await newVisitor(browser, '203.0.113.92', { width: 1280, height: 900 })
    await signInByKeyboard(owner)
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  it('scans every page file in apps/admin/app/pages', () => {
    const files = readdirSync(PAGES_DIR, { recursive: true, encoding: 'utf8' }).filter(file => file.endsWith('.vue')).sort()
    expect(Object.keys(pageUrls(demo)).sort()).toEqual(files)
  })

  it('signed out: no serious or critical violation, forms with their errors shown included', async () => {
    const page = await (await newVisitor(browser, '203.0.113.91')).newPage()
    const findings = new Findings(page)
    for (const { urls } of Object.values(pageUrls(demo)).filter(entry => !entry.signedIn)) {
      for (const url of urls) await findings.scanUrl(url)
    }
    await open(page, '/sign-in')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.locator('[id$="-error"]').first().waitFor()
    await findings.scan('/sign-in with field errors')
    await open(page, '/sign-up')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.locator('[id$="-error"]').first().waitFor()
    await findings.scan('/sign-up with field errors')
    expect(findings.found).toEqual({})
  }, 120_000)

  it('signed in: no serious or critical violation on any page, tab or section, at 1280 px', async () => {
    const page = await owner.newPage()
    const findings = new Findings(page)
    for (const { urls } of Object.values(pageUrls(demo)).filter(entry => entry.signedIn)) {
      for (const url of urls) await findings.scanInApp(url)
    }
    await findings.scanUrl('/no-such-page', 'the not-found page')
    expect(findings.found).toEqual({})
  }, 300_000)

  it('signed in: nor in the calendar views, the dialogs, the menus, at 375 px or in dark mode', async () => {
    const page = await owner.newPage()
    const findings = new Findings(page)
    const project = `/projects/${demo.projectId}`
    const calendar = page.getByTestId('bookings-calendar')

    await open(page, `${project}?tab=bookings&section=calendar&date=${demo.bookingDate}`)
    // A booking dropped two hours later asks first; cancelled, nothing moves.
    const block = page.locator(`[data-booking-id="${demo.bookingId}"]`)
    const column = block.locator('xpath=..')
    const [blockBox, columnBox] = [(await block.boundingBox())!, (await column.boundingBox())!]
    await block.dragTo(column, { sourcePosition: { x: 10, y: 2 }, targetPosition: { x: 20, y: blockBox.y - columnBox.y + 2 * (blockBox.height / 0.75) } })
    const confirmMove = page.getByRole('dialog', { name: 'Move this booking?' })
    await confirmMove.waitFor()
    await findings.scan('calendar, a dropped booking asking to move')
    await confirmMove.getByRole('button', { name: 'Cancel' }).click()
    await confirmMove.waitFor({ state: 'hidden' })
    for (const view of ['Week', 'Month']) {
      await calendar.getByRole('button', { name: view, exact: true }).click()
      await page.locator(`[data-booking-id="${demo.bookingId}"]`).waitFor()
      await findings.scan(`calendar, ${view.toLowerCase()} view with bookings`)
    }
    await page.locator(`[data-booking-id="${demo.bookingId}"]`).click()
    await page.getByRole('dialog').getByText(demo.customerName).first().waitFor()
    await findings.scan('calendar, a booking opened')
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
    await calendar.getByRole('button', { name: 'New booking' }).click()
    await page.getByRole('dialog').waitFor()
    await findings.scan('calendar, the new booking dialog')
    await page.keyboard.press('Escape')

    await open(page, `${project}/pages/${demo.pageId}`)
    await page.getByRole('button', { name: 'Add block' }).click()
    await page.getByRole('dialog').waitFor()
    await findings.scan('page editor, the block picker')
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
    await page.getByRole('button', { name: 'Versions' }).click()
    await page.getByRole('dialog').waitFor()
    await findings.scan('page editor, the published versions')

    // The new-site wizard: each step, and a step refused for an empty field.
    await open(page, '/projects/new')
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByLabel('Business name', { exact: true }).and(page.locator('[aria-invalid="true"]')).waitFor()
    await findings.scan('new site, the first step refused')
    await page.getByLabel('Business name', { exact: true }).fill('Accessible Salon')
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByLabel('Address', { exact: true }).waitFor()
    await findings.scan('new site, the contact step')
    await page.getByLabel('Address', { exact: true }).fill('1 Main Street')
    await page.getByLabel('Phone', { exact: true }).fill('+34 912 345 678')
    await page.getByLabel('Email', { exact: true }).fill('hello@accessible.example')
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByRole('button', { name: 'Create my site' }).waitFor()
    await findings.scan('new site, the region step')
    await open(page, '/settings/members')
    await page.getByRole('button', { name: 'Invite' }).click()
    await page.getByRole('dialog').waitFor()
    await findings.scan('members, the invitation dialog')
    await open(page, '/')
    for (const menu of ['switch organization', 'account menu']) {
      await page.getByRole('button', { name: menu }).click()
      await page.getByRole('menu').waitFor()
      await findings.scan(`the ${menu} open`)
      await page.keyboard.press('Escape')
      await page.getByRole('menu').waitFor({ state: 'hidden' })
    }

    // Phones get the section select, the agenda list and the sidebar as a drawer.
    await page.setViewportSize({ width: 375, height: 800 })
    for (const url of [`${project}?tab=pages`, `${project}?tab=bookings&section=calendar&date=${demo.bookingDate}`, `${project}?tab=analytics`, `${project}/pages/${demo.pageId}`, '/settings/audit']) {
      await findings.scanUrl(url, `${url} at 375 px`)
    }
    await page.getByRole('button', { name: 'Open sidebar' }).click()
    await page.getByRole('dialog').waitFor()
    await findings.scan('the sidebar drawer at 375 px')

    await page.setViewportSize({ width: 1280, height: 900 })
    await page.emulateMedia({ colorScheme: 'dark' })
    for (const url of ['/', `${project}?tab=bookings&section=calendar&date=${demo.bookingDate}`, `${project}?tab=analytics`, `${project}?tab=settings`, `${project}/pages/${demo.pageId}`, '/settings/members']) {
      await findings.scanUrl(url, `${url} in dark mode`)
    }
    expect(findings.found).toEqual({})
  }, 300_000)

  it('the page editor: its header, the title, the blocks and "Add block" are reached by Tab, and Enter works them', async () => {
    const page = await owner.newPage()
    await open(page, `/projects/${demo.projectId}/pages/${demo.pageId}`)
    await tabTo(page, page.getByRole('link', { name: 'Back to pages' }))
    await tabTo(page, page.getByRole('button', { name: 'Versions' }))
    await tabTo(page, page.getByRole('button', { name: 'Preview' }))
    await tabTo(page, page.getByRole('button', { name: 'Publish' }))
    await tabTo(page, page.getByLabel('Title', { exact: true }))

    // The second block: Enter opens its fields beside the list.
    const blocks = page.getByRole('list', { name: 'Blocks' })
    const second = blocks.getByRole('button', { name: /^Edit .+ block 2$/ })
    const secondName = (await second.textContent())!.trim()
    await tabTo(page, second)
    await page.keyboard.press('Enter')
    await page.getByText(secondName, { exact: true }).nth(1).waitFor()
    await tabTo(page, blocks.getByRole('button', { name: 'Move block 2 down' }))
    await tabTo(page, blocks.getByRole('button', { name: 'Delete block 2' }))

    await tabTo(page, page.getByRole('button', { name: 'Add block' }))
    await page.keyboard.press('Enter')
    const picker = page.getByRole('dialog')
    await picker.waitFor()
    await page.keyboard.press('Escape')
    await picker.waitFor({ state: 'hidden' })
  })

  it('the calendar: its navigation, views, bookings and "New booking" are reached by Tab, and Enter works them', async () => {
    const page = await owner.newPage()
    await open(page, `/projects/${demo.projectId}?tab=bookings&section=calendar&date=${demo.bookingDate}`)
    const calendar = page.getByTestId('bookings-calendar')
    const title = calendar.getByTestId('calendar-title')
    const dayTitle = await title.textContent()

    await tabTo(page, calendar.getByRole('button', { name: 'Next day' }))
    await page.keyboard.press('Enter')
    await expect.poll(() => title.textContent()).not.toBe(dayTitle)
    await tabTo(page, calendar.getByRole('button', { name: 'Week', exact: true }))
    await page.keyboard.press('Enter')
    await expect.poll(() => calendar.getByRole('button', { name: 'Week', exact: true }).getAttribute('aria-pressed')).toBe('true')
    await tabTo(page, calendar.getByRole('button', { name: 'New booking' }))
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await tabTo(page, calendar.getByRole('combobox', { name: 'Resource' }))
    await tabTo(page, calendar.getByRole('checkbox', { name: 'Show cancelled' }))

    // A booking block in the week: Enter opens the booking.
    await tabTo(page, page.locator(`[data-booking-id="${demo.bookingId}"]`))
    await page.keyboard.press('Enter')
    await dialog.getByText(demo.customerName).first().waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
  })

  it('the sidebar and the site\'s tabs: reached by Tab, the menus open with Enter, the tabs are followed', async () => {
    const page = await owner.newPage()
    await open(page, `/projects/${demo.projectId}?tab=pages`)
    await tabTo(page, page.getByRole('button', { name: 'switch organization' }))
    await page.keyboard.press('Enter')
    await page.getByRole('menu').waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('menu').waitFor({ state: 'hidden' })
    await tabTo(page, page.getByRole('link', { name: 'Customers', exact: true }))
    await tabTo(page, page.getByRole('button', { name: 'account menu' }))
    await page.keyboard.press('Enter')
    await page.getByRole('menu').waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('menu').waitFor({ state: 'hidden' })

    const site = page.getByRole('navigation', { name: 'Site' })
    await tabTo(page, site.getByRole('link', { name: 'Analytics' }))
    await page.keyboard.press('Enter')
    await page.waitForURL(/tab=analytics/)
    expect(await site.getByRole('link', { name: 'Analytics' }).getAttribute('aria-current')).toBe('page')
    await page.waitForLoadState('networkidle')
    await tabTo(page, page.getByRole('combobox', { name: 'Date range' }))
    await tabTo(page, page.getByRole('link', { name: 'CSV' }))

    // At 375 px the tabs are a select, worked from the keyboard too.
    await page.setViewportSize({ width: 375, height: 800 })
    await open(page, `/projects/${demo.projectId}?tab=pages`)
    await tabTo(page, page.getByRole('button', { name: 'Open sidebar' }))
    await tabTo(page, page.getByRole('combobox', { name: 'Site' }))
    await page.keyboard.press('Enter')
    await page.getByRole('option', { name: 'Pages' }).and(page.locator('[data-highlighted]')).waitFor()
    await page.keyboard.press('ArrowDown')
    await page.getByRole('option', { name: 'Bookings' }).and(page.locator('[data-highlighted]')).waitFor()
    await page.keyboard.press('Enter')
    await page.waitForURL(/tab=bookings/)
    await page.getByRole('combobox', { name: 'Bookings' }).waitFor()
  })
})

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/**
 * Debian's Chromium (never a downloaded browser), with the flags this offline machine
 * needs: no background networking, no component updates, no sandbox as root.
 */
export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  })
}

/** A separate browser profile (cookies) seen by the server as coming from `ip`. */
export async function newVisitor(browser: Browser, ip: string, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return await browser.newContext({ viewport, extraHTTPHeaders: { 'x-forwarded-for': ip } })
}

/** Waits until the admin app has hydrated (its buttons work), after a navigation. */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForSelector('html[data-hydrated="true"]', { state: 'attached' })
}

/** Opens `url` and waits until the admin app has hydrated. */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await waitForHydration(page)
}

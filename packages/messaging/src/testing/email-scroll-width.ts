import type { Browser } from 'playwright-core'

/**
 * How wide an email's HTML lays out in a viewport `width` pixels wide (a phone: 375), as
 * `document.documentElement.scrollWidth`: more than `width` means the reader scrolls sideways.
 * Scripts stay off and nothing is fetched, as in a mail app. Pass `screenshot` (a .png path)
 * to keep a picture of the whole email.
 */
export async function emailScrollWidth(browser: Browser, html: string, options: { width?: number, screenshot?: string } = {}): Promise<number> {
  const width = options.width ?? 375
  const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false, offline: true })
  try {
    const page = await context.newPage()
    await page.setContent(html, { waitUntil: 'load' })
    if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true })
    return await page.evaluate(() => document.documentElement.scrollWidth)
  }
  finally {
    await context.close()
  }
}

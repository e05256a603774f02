import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../../../e2e/support/browser'
import { renderEmail } from './render-email'
import { emailScrollWidth } from './testing/email-scroll-width'

// Issue 13: booking emails laid out 1465 px wide on a phone, because an unbreakable URL in a
// paragraph widened the card. Whatever the content, a 375 px screen never scrolls sideways.
const longUrl = `https://calendar.google.com/calendar/render?action=TEMPLATE&text=${'Haircut%20and%20colour%20'.repeat(12)}&dates=20261207T090000Z%2F20261207T093000Z&details=https%3A%2F%2Fdemo.example%2Fbook%2Fmanage%2F${'a1b2c3d4'.repeat(10)}`

describe('renderEmail on a phone (Chromium, 375 px)', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  it('never scrolls sideways, with long URLs, words, addresses and names in every part', async () => {
    const { html } = renderEmail({
      preheader: longUrl,
      brandName: `Peluquería${'Internacional'.repeat(6)}`,
      heading: `Booking confirmed: ${'Supercalifragilistic'.repeat(5)}`,
      paragraphs: [
        `Hello ${'Maximiliana'.repeat(6)},`,
        `Paste this if the button does not work: ${longUrl}`,
        { text: 'Add it to your calendar:', links: [{ label: 'Google Calendar', url: longUrl }, { label: longUrl, url: longUrl }] },
        `Reply to ${'very.long.mailbox.name'.repeat(4)}@example.com`,
      ],
      action: { label: `Reschedule or cancel ${'Appointment'.repeat(5)}`, url: longUrl },
      footer: `You get this email because you booked with ${'Clinic'.repeat(20)}. ${longUrl}`,
    })
    expect(await emailScrollWidth(browser, html, { width: 375 })).toBeLessThanOrEqual(375)
    expect(await emailScrollWidth(browser, html, { width: 320 })).toBeLessThanOrEqual(320)
  })

  it('is 600 px wide at most on a wide screen', async () => {
    const { html } = renderEmail({ heading: 'Hello', paragraphs: ['Short.'] })
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.setContent(html)
    const card = await page.locator('table table').first().boundingBox()
    await context.close()
    expect(card!.width).toBe(600)
  })
})

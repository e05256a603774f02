import { and, asc, eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { conversationMessages, conversations, outboxMessages } from '@flectar/db'
import { saveChannelSettings } from '@flectar/messaging'
import { fakeResendEvent, fakeResendReceive, fakeResendReplay, fakeResendSent } from '@flectar/resend/testing'
import { createKeyRing } from '@flectar/security'
import { createProject } from '@flectar/sites'
import { fakeTwilioInbound, fakeTwilioSent, fakeTwilioStatus } from '@flectar/twilio/testing'
import { fakeWhatsAppInbound, fakeWhatsAppSent, fakeWhatsAppStatus } from '@flectar/whatsapp/testing'
import { openE2eDatabase } from './support/accounts'
import { httpRequest } from './support/apps'
import { seriousAxeViolations } from './support/axe'
import { launchBrowser, openPage } from './support/browser'
import { E2E_INBOUND_DOMAIN, E2E_TWILIO, E2E_WHATSAPP } from './support/messaging'

const adminPort = inject('adminPort')
const sitePort = inject('sitePort')
const admin = `http://localhost:${adminPort}`
const SLUG = 'inbox-journey'
const POLL = { timeout: 20_000, interval: 250 }

/**
 * The inbox as an owner lives it: a visitor writes through the contact form with their phone;
 * the owner is emailed, finds it in the inbox and answers by email; the customer's email reply
 * (Resend's inbound webhook) lands in the same thread without a reload; then the same on SMS
 * (Twilio) and WhatsApp (Meta), each reply's delivery status shown as the provider reports it.
 */
describe('an owner answers a customer by email, SMS and WhatsApp from one inbox', () => {
  const database = openE2eDatabase()
  let browser: Browser
  let page: Page
  let projectId: string
  let ownerEmail: string

  beforeAll(async () => {
    browser = await launchBrowser()
    const owner = await database.createOwner('owner@inbox-journey.example', 'Inbox Journey Salon')
    ownerEmail = 'owner@inbox-journey.example'
    projectId = (await createProject(database.db, owner.orgId, { name: 'Inbox Journey Salon', slug: SLUG, templateKey: 'salon', timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR)).id
    const scope = { orgId: owner.orgId, projectId }
    const keyRing = createKeyRing(inject('appEnv').ENCRYPTION_KEY!)
    await database.db.transaction(async (tx) => {
      await saveChannelSettings(tx, keyRing, scope, 'sms', { enabled: true, accountSid: E2E_TWILIO.accountSid, fromNumber: E2E_TWILIO.fromNumber, authToken: E2E_TWILIO.authToken })
      await saveChannelSettings(tx, keyRing, scope, 'whatsapp', { enabled: true, phoneNumberId: E2E_WHATSAPP.phoneNumberId, templateLanguage: 'en', accessToken: E2E_WHATSAPP.accessToken })
    })
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.131' } })
    const [name, value] = owner.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: admin }])
    page = await context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await database.close()
  })

  const thread = () => page.getByRole('list', { name: 'Messages' })
  const messagesOf = async () => {
    const [conversation] = await database.db.select().from(conversations).where(eq(conversations.projectId, projectId))
    return await database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversation!.id)).orderBy(asc(conversationMessages.createdAt))
  }
  async function reply(channel: 'Email' | 'SMS' | 'WhatsApp', text: string) {
    await page.getByRole('combobox', { name: 'Send as' }).click()
    await page.getByRole('option', { name: channel, exact: true }).click()
    await page.getByRole('textbox', { name: 'Reply' }).fill(text)
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await page.getByText('Reply queued').first().waitFor()
  }
  /** The status badge under our message that says `text`. */
  const statusOf = (text: string) => thread().getByRole('article').filter({ hasText: text }).locator('footer')

  it('shows the contact-form message with the phone, and emails the owner', async () => {
    const form = new URLSearchParams({ blockId: 'contact-form', pagePath: '/contact', name: 'Ana Inbox', email: 'ana@inbox-journey.example', phone: '+34 600 555 123', message: 'Can I book a cut for my curly hair this Saturday?' })
    const posted = await httpRequest(sitePort, 'POST', '/api/forms/contact', { 'host': `${SLUG}.localhost:${sitePort}`, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.132' }, form.toString())
    expect(posted.status).toBe(303)
    const notices = await database.db.select().from(outboxMessages).where(and(eq(outboxMessages.projectId, projectId), eq(outboxMessages.template, 'sites.contact_message')))
    expect(notices.map(notice => notice.to)).toEqual([ownerEmail])

    await openPage(page, `${admin}/inbox`)
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Ana Inbox/ }).click()
    await thread().getByText('Can I book a cut for my curly hair this Saturday?').waitFor()
    const customer = page.getByRole('complementary', { name: 'Customer' })
    await customer.getByText('+34600555123').waitFor()
    await customer.getByRole('button', { name: 'Book for this customer' }).waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inbox-thread-1280.png' })
  })

  it('sends an email reply through Resend and files the customer\'s answer in the same thread, live', async () => {
    await reply('Email', 'Yes! Saturday at 10:00 works. Shall I book it?')
    await expect.poll(async () => (await messagesOf()).find(row => row.channel === 'email' && row.direction === 'outbound')?.status, POLL).toBe('sent')
    const sent = (await fakeResendSent(inject('resendUrl'))).find(email => String(email.body.text).includes('Saturday at 10:00'))!
    expect(sent.body).toMatchObject({ to: 'ana@inbox-journey.example', reply_to: `${SLUG}@${E2E_INBOUND_DOMAIN}` })
    const messageId = (sent.body.headers as Record<string, string>)['Message-ID']!
    await statusOf('Saturday at 10:00').getByText('Sent').waitFor(POLL)

    // Resend reports the delivery, then the customer answers; both show without a reload.
    await fakeResendEvent(inject('resendUrl'), { webhookUrl: `${admin}/api/webhooks/resend`, type: 'email.delivered', emailId: sent.id })
    await statusOf('Saturday at 10:00').getByText('Delivered').waitFor(POLL)
    const received = await fakeResendReceive(inject('resendUrl'), {
      webhookUrl: `${admin}/api/webhooks/resend`, from: 'Ana Inbox <ana@inbox-journey.example>', to: `${SLUG}@${E2E_INBOUND_DOMAIN}`,
      subject: 'Re: Can I book a cut', text: 'Perfect, please book me in.\n\nOn Mon, the salon wrote:\n> Yes! Saturday at 10:00 works.', inReplyTo: messageId,
    })
    expect(received.status).toBe(200)
    await thread().getByText('Perfect, please book me in.').waitFor(POLL)
    expect(await thread().textContent()).not.toContain('On Mon, the salon wrote')

    // Resend delivering the same webhook again changes nothing.
    const before = (await messagesOf()).length
    await fakeResendReplay(inject('resendUrl'), { webhookUrl: `${admin}/api/webhooks/resend` })
    expect((await messagesOf()).length).toBe(before)
  })

  it('texts by SMS through Twilio, shows its delivery, and files the customer\'s text', async () => {
    await reply('SMS', 'Booked: Saturday 10:00. See you!')
    await expect.poll(async () => (await messagesOf()).find(row => row.channel === 'sms' && row.direction === 'outbound')?.status, POLL).toBe('sent')
    const sms = (await fakeTwilioSent(inject('twilioUrl'))).find(text => text.body.includes('Saturday 10:00. See you'))!
    expect(sms).toMatchObject({ to: '+34600555123', from: E2E_TWILIO.fromNumber })
    await fakeTwilioStatus(inject('twilioUrl'), { sid: sms.sid, status: 'delivered' })
    await statusOf('Saturday 10:00. See you').getByText('Delivered').waitFor(POLL)
    await fakeTwilioInbound(inject('twilioUrl'), { url: `${admin}/api/webhooks/twilio/${projectId}`, from: '+34600555123', to: E2E_TWILIO.fromNumber, body: 'Thanks! Can I bring my daughter too?' })
    await thread().getByText('Thanks! Can I bring my daughter too?').waitFor(POLL)
  })

  it('answers on WhatsApp inside the 24-hour window and shows when it was read', async () => {
    const inbound = await fakeWhatsAppInbound(inject('whatsappUrl'), { url: `${admin}/api/webhooks/whatsapp`, from: '34600555123', text: 'Hola! Also, is parking nearby?', name: 'Ana Inbox' })
    expect(inbound.status).toBe(200)
    await thread().getByText('Hola! Also, is parking nearby?').waitFor(POLL)
    await page.reload()
    await reply('WhatsApp', 'Yes, there is a car park next door.')
    await expect.poll(async () => (await messagesOf()).find(row => row.channel === 'whatsapp' && row.direction === 'outbound')?.status, POLL).toBe('sent')
    const sent = (await fakeWhatsAppSent(inject('whatsappUrl'))).find(message => message.body?.includes('car park next door'))!
    // Meta may skip `delivered` when a message is read at once.
    await fakeWhatsAppStatus(inject('whatsappUrl'), { url: `${admin}/api/webhooks/whatsapp`, messageId: sent.id, status: 'read' })
    await statusOf('car park next door').getByText('Read').waitFor(POLL)
    await fakeWhatsAppStatus(inject('whatsappUrl'), { url: `${admin}/api/webhooks/whatsapp`, messageId: sent.id, status: 'delivered' })
    await page.reload()
    await statusOf('car park next door').getByText('Read').waitFor(POLL)

    // One conversation holds it all, on every channel.
    const channels = new Set((await messagesOf()).map(row => row.channel))
    expect([...channels].sort()).toEqual(['email', 'form', 'sms', 'whatsapp'])
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/inbox-all-channels-1280.png', fullPage: true })
  })

  it('saves a quick reply in the settings and inserts it in a reply', async () => {
    await openPage(page, `${admin}/projects/${projectId}?tab=settings&section=messaging`)
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Parking')
    await page.getByRole('textbox', { name: 'Text', exact: true }).fill('Free parking in the car park next door.')
    await page.getByRole('button', { name: 'Add quick reply' }).click()
    await page.getByText('Quick reply saved').first().waitFor()
    await page.getByRole('list', { name: 'Quick replies' }).getByText('Parking', { exact: true }).waitFor()

    await openPage(page, `${admin}/inbox`)
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Ana Inbox/ }).click()
    await page.getByRole('button', { name: 'Quick replies' }).click()
    await page.getByRole('menuitem', { name: 'Parking' }).click()
    expect(await page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('Free parking in the car park next door.')
  })

  it('works on a phone: the list, then the thread with a way back', async () => {
    await page.setViewportSize({ width: 375, height: 800 })
    await openPage(page, `${admin}/inbox`)
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Ana Inbox/ }).click()
    await thread().getByText('car park next door').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await page.screenshot({ path: '/tmp/inbox-thread-375.png' })
    await page.getByRole('button', { name: 'Back to the conversations' }).click()
    await page.getByRole('list', { name: 'Conversations' }).waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
  })
})

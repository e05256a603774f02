import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '@flectar/db/testing'
import { emailScrollWidth } from '@flectar/messaging/testing'
import { launchBrowser } from '../../../e2e/support/browser'
import { notifyOwners, sendCustomerMessage, type CustomerMessageKind, type OwnerMessageKind } from './notifications'
import { createBookingFromRequest } from './testing/from-request'
import { bookingRequest, outboxOf, seedBookingProject } from './testing/seed-booking-project'

const CUSTOMER_KINDS: CustomerMessageKind[] = ['confirmed', 'requested', 'rescheduled', 'cancelled', 'rejected', 'reminder']
const OWNER_KINDS: OwnerMessageKind[] = ['created', 'requested', 'rescheduled', 'cancelled']

// Issue 13: booking emails were 1465 px wide on a phone. Every booking template, with long
// names and its calendar links, fits 375 px without scrolling sideways.
describe('booking emails on a phone (Chromium, 375 px)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let browser: Browser

  beforeAll(async () => {
    database = await createTestDatabase()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await database.drop()
  })

  it('none scrolls sideways, and the calendar links are anchors with the event', async () => {
    const clinic = await seedBookingProject(database.db, 'clinic-phone')
    const { service } = await clinic.addService({ name: `Deep tissue massage with aromatherapy ${'and hot stones '.repeat(4)}` })
    const customer = { name: 'Maximiliana Fernández-Villaverde de la Concepción', email: 'maximiliana.fernandez-villaverde@example.com' }
    const { booking, manageUrl } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T10:00:00+01:00', { customer }), clinic.env, { source: 'site' })
    const context = { project: clinic.project, customer, manageUrl }
    for (const kind of CUSTOMER_KINDS) await sendCustomerMessage(database.db, kind, booking, context, 'The practitioner is ill; we are very sorry for the inconvenience.')
    for (const kind of OWNER_KINDS) await notifyOwners(database.db, kind, booking, { ...context, adminUrl: clinic.env.adminUrl, projectTimeZone: 'Europe/Madrid' })

    const messages = await outboxOf(database.db, clinic.project.id)
    const templates = new Set(messages.map(message => message.template))
    expect(templates).toEqual(new Set([...CUSTOMER_KINDS.map(kind => `bookings.${kind}`), ...OWNER_KINDS.map(kind => `bookings.owner_${kind}`)]))
    const widths = Object.fromEntries(await Promise.all(messages.map(async message => [message.template, await emailScrollWidth(browser, message.html!)] as const)))
    expect(Object.entries(widths).filter(([, width]) => width > 375)).toEqual([])

    const confirmed = messages.find(message => message.template === 'bookings.confirmed')!
    const google = /<a href="(https:\/\/calendar\.google\.com\/calendar\/render\?[^"]+)"[^>]*>Google Calendar<\/a>/.exec(confirmed.html!)?.[1]?.replace(/&amp;/g, '&')
    const outlook = /<a href="(https:\/\/outlook\.live\.com\/calendar\/0\/deeplink\/compose\?[^"]+)"[^>]*>Outlook<\/a>/.exec(confirmed.html!)?.[1]?.replace(/&amp;/g, '&')
    expect(Object.fromEntries(new URL(google!).searchParams)).toEqual({
      action: 'TEMPLATE', text: `${booking.serviceName} — ${clinic.project.name}`, dates: '20261207T090000Z/20261207T093000Z', details: `Manage your booking: ${manageUrl}`,
    })
    expect(Object.fromEntries(new URL(outlook!).searchParams)).toEqual({
      subject: `${booking.serviceName} — ${clinic.project.name}`, startdt: '2026-12-07T09:00:00.000Z', enddt: '2026-12-07T09:30:00.000Z', body: `Manage your booking: ${manageUrl}`,
    })
    // The text part keeps them as URLs, one per line.
    expect(confirmed.text).toContain(`Add it to your calendar:\nGoogle Calendar: ${google}\nOutlook: ${outlook}\n\nOr open the attached booking.ics.`)
    // A cancellation has nothing to add to a calendar.
    expect(messages.find(message => message.template === 'bookings.cancelled')!.html).not.toContain('Google Calendar')
  })
})

import { describe, expect, it } from 'vitest'
import { isWithinCustomerServiceWindow, WHATSAPP_WINDOW_MS } from './customer-service-window'
import { isStatusUpgrade, STATUS_RANK, type WhatsAppDeliveryStatus } from './message-status'

/** Folds webhook statuses in arrival order the way a handler would. */
function apply(start: WhatsAppDeliveryStatus, arrivals: WhatsAppDeliveryStatus[]): WhatsAppDeliveryStatus {
  return arrivals.reduce((current, next) => (isStatusUpgrade(current, next) ? next : current), start)
}

describe('isStatusUpgrade', () => {
  it('moves forward queued → sent → delivered → read', () => {
    expect(apply('queued', ['sent', 'delivered', 'read'])).toBe('read')
    expect(STATUS_RANK.queued < STATUS_RANK.sent && STATUS_RANK.sent < STATUS_RANK.delivered && STATUS_RANK.delivered < STATUS_RANK.read).toBe(true)
  })

  it('takes read without delivered (Meta skips it when both happen together)', () => {
    expect(apply('sent', ['read'])).toBe('read')
  })

  it('never downgrades read, whatever arrives late', () => {
    expect(apply('queued', ['read', 'delivered', 'sent'])).toBe('read')
    expect(isStatusUpgrade('read', 'failed')).toBe(false)
  })

  it('keeps failed terminal', () => {
    expect(apply('queued', ['failed', 'sent', 'delivered', 'read'])).toBe('failed')
  })

  it('lets failed replace queued, sent and delivered', () => {
    for (const current of ['queued', 'sent', 'delivered'] as const) expect(isStatusUpgrade(current, 'failed')).toBe(true)
  })

  it('is false for the same status again (a redelivered webhook) and true for a first status', () => {
    expect(isStatusUpgrade('delivered', 'delivered')).toBe(false)
    expect(isStatusUpgrade(null, 'sent')).toBe(true)
  })
})

describe('isWithinCustomerServiceWindow', () => {
  const last = new Date('2026-03-28T10:00:00Z')

  it('is open just before 24 hours and closed at exactly 24 hours', () => {
    expect(isWithinCustomerServiceWindow(last, new Date(last.getTime() + WHATSAPP_WINDOW_MS - 1))).toBe(true)
    expect(isWithinCustomerServiceWindow(last, new Date(last.getTime() + WHATSAPP_WINDOW_MS))).toBe(false)
  })

  it('counts 24 real hours across a DST change (Europe/Madrid, 29 March 2026)', () => {
    expect(isWithinCustomerServiceWindow(last, new Date('2026-03-29T09:59:59Z'))).toBe(true)
    expect(isWithinCustomerServiceWindow(last, new Date('2026-03-29T10:00:00Z'))).toBe(false)
  })

  it('is closed without any inbound message, or with an invalid date', () => {
    expect(isWithinCustomerServiceWindow(null, last)).toBe(false)
    expect(isWithinCustomerServiceWindow(new Date(Number.NaN), last)).toBe(false)
  })

  it('treats a last inbound slightly in the future (clock skew) as inside', () => {
    expect(isWithinCustomerServiceWindow(new Date(last.getTime() + 5000), last)).toBe(true)
  })

  it('uses the real clock by default', () => {
    expect(isWithinCustomerServiceWindow(new Date(Date.now() - 60_000))).toBe(true)
  })
})

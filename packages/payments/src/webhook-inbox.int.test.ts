import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bookingResources, bookings, organizations, paymentEvents, payments, paymentWebhookInbox, projects, type DbOrTx } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import type { PaymentEffect, PaymentEvent } from './payment-lifecycle'
import { applyEventToPayment, applyWebhookDelivery, pendingWebhookDeliveries, recordWebhookDelivery, type PaymentHooks, type WebhookDelivery } from './webhook-inbox'

describe('webhook deliveries are applied exactly once', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let orgId: string
  let projectId: string
  let resourceId: string
  let slot = 0
  /** Every effect the hooks were asked to carry out, in order. */
  let effects: Array<{ paymentId: string, effect: PaymentEffect }>
  let slotFree = true

  // The booking side as it will be wired: confirming or releasing writes the booking row in the
  // payment's own transaction, so a rollback takes both back.
  const hooks: PaymentHooks = {
    slotStillFree: async () => slotFree,
    onEffects: async (tx: DbOrTx, payment, done) => {
      for (const effect of done) {
        effects.push({ paymentId: payment.id, effect })
        if (effect.type === 'confirm_booking') await tx.update(bookings).set({ status: 'confirmed', confirmedAt: sql`now()` }).where(eq(bookings.id, payment.bookingId))
        if (effect.type === 'release_slot') await tx.update(bookings).set({ status: 'cancelled', cancelledAt: sql`now()` }).where(eq(bookings.id, payment.bookingId))
      }
    },
  }

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Pay', slug: 'pay' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Pay', slug: 'pay-site', timeZone: 'Europe/Madrid', defaultLocale: 'en' }).returning()
    const [resource] = await database.db.insert(bookingResources).values({ orgId: org!.id, projectId: project!.id, name: 'Ana', timeZone: 'Europe/Madrid' }).returning()
    orgId = org!.id
    projectId = project!.id
    resourceId = resource!.id
  })
  afterAll(() => database.drop())
  beforeEach(() => {
    effects = []
    slotFree = true
  })

  /** A booking waiting for its deposit, and a payment of it through `provider` with checkout `checkoutId`. */
  async function pendingBooking(checkoutId: string, provider: 'stripe' | 'paypal' | 'redsys' = 'stripe') {
    const startsAt = new Date(Date.UTC(2027, 0, 4, 9 + slot++))
    const [booking] = await database.db.insert(bookings).values({
      orgId, projectId, resourceId, status: 'pending_payment', startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      blocked: { start: startsAt, end: new Date(startsAt.getTime() + 30 * 60_000) }, depositAmount: 1000, currency: 'EUR',
    }).returning()
    const payment = await paymentOf(booking!.id, checkoutId, provider)
    return { bookingId: booking!.id, paymentId: payment }
  }
  async function paymentOf(bookingId: string, checkoutId: string, provider: 'stripe' | 'paypal' | 'redsys') {
    const [payment] = await database.db.insert(payments).values({ orgId, projectId, bookingId, provider, status: 'pending', amountMinor: 1000, currency: 'EUR', checkoutId }).returning()
    return payment!.id
  }
  const paid = (id: string): PaymentEvent => ({ type: 'paid', providerPaymentId: id, amountMinor: 1000, currency: 'EUR' })
  const delivery = (eventId: string, checkoutId: string, event: PaymentEvent, provider: WebhookDelivery['provider'] = 'stripe'): WebhookDelivery => ({ provider, eventId, projectId, checkoutId, event })
  /** What the route and then the job do with one delivery. */
  async function deliver(item: WebhookDelivery) {
    const { inboxId } = await recordWebhookDelivery(database.db, item)
    return await applyWebhookDelivery(database.db, inboxId, hooks)
  }
  const historyOf = (paymentId: string) => database.db.select({ from: paymentEvents.fromStatus, to: paymentEvents.toStatus, event: paymentEvents.event, source: paymentEvents.source })
    .from(paymentEvents).where(eq(paymentEvents.paymentId, paymentId)).orderBy(paymentEvents.id)
  const statusOf = async (bookingId: string) => (await database.db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, bookingId)))[0]!.status

  it('stores and applies a delivery sent five times at once as one change, and confirms the booking once', async () => {
    const { bookingId, paymentId } = await pendingBooking('cs_five')
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => deliver(delivery('evt_five', 'cs_five', paid('pi_five')))))
    expect(outcomes.filter(outcome => outcome === 'applied')).toHaveLength(1)
    expect(outcomes.every(outcome => ['applied', 'busy', 'already_applied'].includes(outcome))).toBe(true)
    expect(await database.db.select().from(paymentWebhookInbox).where(eq(paymentWebhookInbox.eventId, 'evt_five'))).toHaveLength(1)
    expect(await historyOf(paymentId)).toEqual([{ from: 'pending', to: 'paid', event: 'paid', source: 'webhook' }])
    expect(effects).toEqual([{ paymentId, effect: { type: 'confirm_booking' } }])
    expect(await statusOf(bookingId)).toBe('confirmed')
    // And five more times later, one after the other: nothing.
    for (let replay = 0; replay < 5; replay++) {
      const again = await recordWebhookDelivery(database.db, delivery('evt_five', 'cs_five', paid('pi_five')))
      expect(again.duplicate).toBe(true)
      expect(await applyWebhookDelivery(database.db, again.inboxId, hooks)).toBe('already_applied')
    }
    expect(await historyOf(paymentId)).toHaveLength(1)
    expect(await pendingWebhookDeliveries(database.db)).toEqual([])
  })

  it('one payment reported by several events and the reconciliation job at once changes once', async () => {
    const { paymentId } = await pendingBooking('cs_many')
    const results = await Promise.all([
      deliver(delivery('evt_completed', 'cs_many', paid('pi_many'))),
      deliver(delivery('evt_async_succeeded', 'cs_many', paid('pi_many'))),
      database.db.transaction(tx => applyEventToPayment(tx, paymentId, paid('pi_many'), { type: 'reconciliation' }, hooks)).then(transition => transition.outcome),
    ])
    expect(results.filter(outcome => outcome === 'applied')).toHaveLength(1)
    expect(results.filter(outcome => outcome === 'unchanged')).toHaveLength(2)
    expect(await historyOf(paymentId)).toHaveLength(1)
    expect(effects.filter(({ effect }) => effect.type === 'confirm_booking')).toHaveLength(1)
  })

  it('two payments of one booking succeeding at once (two tabs): one confirms, the other is refunded', async () => {
    const { bookingId, paymentId } = await pendingBooking('cs_tab1')
    const second = await paymentOf(bookingId, 'ORDER-TAB2', 'paypal')
    await Promise.all([
      deliver(delivery('evt_tab1', 'cs_tab1', paid('pi_tab1'))),
      deliver(delivery('WH-TAB2', 'ORDER-TAB2', paid('CAPTURE-TAB2'), 'paypal')),
    ])
    expect(effects.filter(({ effect }) => effect.type === 'confirm_booking')).toHaveLength(1)
    const refunds = effects.filter(({ effect }) => effect.type === 'refund')
    expect(refunds).toHaveLength(1)
    expect(refunds[0]!.effect).toMatchObject({ reason: 'duplicate' })
    expect([paymentId, second]).toContain(refunds[0]!.paymentId)
    expect(await statusOf(bookingId)).toBe('confirmed')
  })

  it('a payment after the hold expired confirms on a free slot and is refunded on a taken one', async () => {
    const free = await pendingBooking('cs_late_free')
    const taken = await pendingBooking('cs_late_taken')
    for (const { paymentId } of [free, taken]) {
      await database.db.transaction(tx => applyEventToPayment(tx, paymentId, { type: 'expired' }, { type: 'expiry' }, hooks))
    }
    expect(await statusOf(free.bookingId)).toBe('cancelled')
    effects = []
    expect(await deliver(delivery('evt_late_free', 'cs_late_free', paid('pi_late_free')))).toBe('applied')
    expect(effects).toEqual([{ paymentId: free.paymentId, effect: { type: 'confirm_booking' } }])
    effects = []
    slotFree = false
    expect(await deliver(delivery('evt_late_taken', 'cs_late_taken', paid('pi_late_taken')))).toBe('applied')
    expect(effects.map(({ effect }) => effect.type)).toEqual(['refund', 'notify_customer'])
    expect(effects[0]!.effect).toMatchObject({ reason: 'slot_taken', providerPaymentId: 'pi_late_taken', amountMinor: 1000 })
    expect(await historyOf(taken.paymentId)).toEqual([
      { from: 'pending', to: 'expired', event: 'expired', source: 'expiry' },
      { from: 'expired', to: 'paid', event: 'paid', source: 'webhook' },
    ])
  })

  it('keeps a delivery for a checkout the project has no payment for, and a stale one with why it changed nothing', async () => {
    expect(await deliver(delivery('evt_nobody', 'cs_nobody', paid('pi_nobody')))).toBe('no_payment')
    const { paymentId } = await pendingBooking('cs_stale')
    await deliver(delivery('evt_stale_paid', 'cs_stale', paid('pi_stale')))
    expect(await deliver(delivery('evt_stale_failed', 'cs_stale', { type: 'failed', reason: 'card_declined' }))).toBe('ignored')
    const [entry] = await database.db.select({ outcome: paymentWebhookInbox.outcome }).from(paymentWebhookInbox).where(eq(paymentWebhookInbox.eventId, 'evt_stale_failed'))
    expect(entry!.outcome).toBe('ignored: failure notice on a paid payment')
    expect(await historyOf(paymentId)).toHaveLength(1)
  })

  it('a delivery is never applied to another project\'s payment with the same checkout id', async () => {
    const { paymentId } = await pendingBooking('cs_shared_id')
    const [other] = await database.db.insert(projects).values({ orgId, name: 'Other', slug: 'other-pay-site', timeZone: 'UTC', defaultLocale: 'en' }).returning()
    expect(await deliver({ ...delivery('evt_other_project', 'cs_shared_id', paid('pi_x')), projectId: other!.id })).toBe('no_payment')
    expect(await historyOf(paymentId)).toEqual([])
  })

  it('an effect that fails rolls the whole change back, and the delivery is applied on the next try', async () => {
    const { bookingId, paymentId } = await pendingBooking('cs_retry')
    const { inboxId } = await recordWebhookDelivery(database.db, delivery('evt_retry', 'cs_retry', paid('pi_retry')))
    const failing: PaymentHooks = { ...hooks, onEffects: async (tx, payment, done) => {
      await hooks.onEffects(tx, payment, done)
      throw new Error('mail queue unavailable')
    } }
    await expect(applyWebhookDelivery(database.db, inboxId, failing)).rejects.toThrow('mail queue unavailable')
    expect(await statusOf(bookingId)).toBe('pending_payment')
    expect(await historyOf(paymentId)).toEqual([])
    expect(await pendingWebhookDeliveries(database.db)).toContain(inboxId)
    expect(await applyWebhookDelivery(database.db, inboxId, hooks)).toBe('applied')
    expect(await statusOf(bookingId)).toBe('confirmed')
  })
})

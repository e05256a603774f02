import { describe, expect, it } from 'vitest'
import { applyPaymentEvent, isRefundable, newPayment, PAYMENT_STATUSES, type PaidContext, type PaymentEvent, type PaymentState } from './payment-lifecycle'

const FREE: PaidContext = { bookingAlreadyPaid: false, slotStillFree: true }
const TAKEN: PaidContext = { bookingAlreadyPaid: false, slotStillFree: false }
const paid = (id = 'pi_1', amountMinor = 1000, currency = 'eur'): PaymentEvent => ({ type: 'paid', providerPaymentId: id, amountMinor, currency })

/** Applies events in order, as the inbox job does, and returns the last state. */
function run(events: PaymentEvent[], context: PaidContext = FREE, state: PaymentState = newPayment(1000, 'EUR')): PaymentState {
  for (const event of events) state = applyPaymentEvent(state, event, context).state
  return state
}

describe('the payment lifecycle', () => {
  it('goes created → pending → paid and confirms the booking once', () => {
    const pending = applyPaymentEvent(newPayment(1000, 'eur'), { type: 'checkout_started' })
    expect(pending).toMatchObject({ outcome: 'applied', from: 'created', state: { status: 'pending', currency: 'EUR' } })
    const done = applyPaymentEvent(pending.state, paid(), FREE)
    expect(done).toEqual({ outcome: 'applied', from: 'pending', effects: [{ type: 'confirm_booking' }], state: expect.objectContaining({ status: 'paid', providerPaymentId: 'pi_1', paidMinor: 1000 }) })
    expect(applyPaymentEvent(done.state, paid(), FREE)).toEqual({ outcome: 'unchanged', state: done.state })
  })

  it('refuses to create a payment of nothing or of a fraction of a cent', () => {
    expect(() => newPayment(0, 'EUR')).toThrow(RangeError)
    expect(() => newPayment(10.5, 'EUR')).toThrow(RangeError)
  })

  it('keeps the hold after a failure, so the visitor can pay again before it expires', () => {
    const failed = run([{ type: 'checkout_started' }, { type: 'failed', reason: 'card_declined' }])
    expect(failed.status).toBe('failed')
    const retried = applyPaymentEvent(failed, paid(), FREE)
    expect(retried).toMatchObject({ outcome: 'applied', from: 'failed', effects: [{ type: 'confirm_booking' }] })
    // A failure notice arriving after the success is stale.
    expect(applyPaymentEvent(retried.state, { type: 'failed', reason: 'late' })).toMatchObject({ outcome: 'ignored' })
  })

  it('releases the slot when the hold expires, and never after the payment succeeded', () => {
    const expired = applyPaymentEvent(run([{ type: 'checkout_started' }]), { type: 'expired' })
    expect(expired).toMatchObject({ outcome: 'applied', state: { status: 'expired' }, effects: [{ type: 'release_slot' }] })
    expect(applyPaymentEvent(expired.state, { type: 'expired' })).toMatchObject({ outcome: 'unchanged' })
    expect(applyPaymentEvent(run([paid()]), { type: 'expired' })).toMatchObject({ outcome: 'ignored', state: { status: 'paid' } })
  })

  it('confirms a payment that arrives after expiry while the slot is still free', () => {
    const expired = run([{ type: 'checkout_started' }, { type: 'expired' }])
    expect(applyPaymentEvent(expired, paid(), FREE)).toMatchObject({ outcome: 'applied', from: 'expired', state: { status: 'paid' }, effects: [{ type: 'confirm_booking' }] })
  })

  it('refunds a payment that arrives after expiry when the slot was taken, and tells the customer', () => {
    const expired = run([{ type: 'checkout_started' }, { type: 'expired' }])
    const late = applyPaymentEvent(expired, paid('pi_late'), TAKEN)
    expect(late).toMatchObject({ outcome: 'applied', state: { status: 'paid', paidMinor: 1000 } })
    if (late.outcome !== 'applied') throw new Error('expected applied')
    expect(late.effects).toEqual([
      { type: 'refund', providerPaymentId: 'pi_late', amountMinor: 1000, reason: 'slot_taken', idempotencyKey: 'refund:slot_taken:pi_late' },
      { type: 'notify_customer', reason: 'late_payment_refunded' },
    ])
    // The refund, once the provider reports it, closes the payment.
    expect(applyPaymentEvent(late.state, { type: 'refunded', totalRefundedMinor: 1000 }).state.status).toBe('refunded')
  })

  it('refunds a second successful payment of a booking already paid (two tabs), never confirming twice', () => {
    const second = applyPaymentEvent(run([{ type: 'checkout_started' }]), paid('pi_2'), { bookingAlreadyPaid: true, slotStillFree: true })
    expect(second).toMatchObject({ outcome: 'applied', effects: [{ type: 'refund', providerPaymentId: 'pi_2', reason: 'duplicate' }, { type: 'notify_customer', reason: 'duplicate_payment_refunded' }] })
  })

  it('refunds a second charge on the same payment with a key the provider dedupes, whichever route reports it', () => {
    const once = run([paid('pi_1')])
    const first = applyPaymentEvent(once, paid('pi_again'), FREE)
    const again = applyPaymentEvent(first.state, paid('pi_again'), FREE)
    expect(first.state).toEqual(once)
    for (const report of [first, again]) {
      expect(report).toMatchObject({ outcome: 'applied', effects: [{ type: 'refund', providerPaymentId: 'pi_again', idempotencyKey: 'refund:duplicate:pi_again' }, { type: 'notify_customer' }] })
    }
  })

  it('never confirms a payment of another amount or currency: it is refunded and the owner told', () => {
    for (const wrong of [paid('pi_x', 999), paid('pi_x', 1000, 'GBP')]) {
      const result = applyPaymentEvent(run([{ type: 'checkout_started' }]), wrong, FREE)
      if (result.outcome !== 'applied') throw new Error('expected applied')
      expect(result.effects.map(effect => effect.type)).toEqual(['refund', 'notify_owner', 'release_slot'])
      expect(result.effects[0]).toMatchObject({ reason: 'amount_mismatch', providerPaymentId: 'pi_x' })
    }
  })

  it('counts refunds by the provider\'s running total: partial, then full; older totals change nothing', () => {
    const partial = applyPaymentEvent(run([paid()]), { type: 'refunded', totalRefundedMinor: 300 })
    expect(partial.state).toMatchObject({ status: 'partially_refunded', refundedMinor: 300 })
    expect(isRefundable(partial.state)).toBe(true)
    expect(applyPaymentEvent(partial.state, { type: 'refunded', totalRefundedMinor: 300 }).outcome).toBe('unchanged')
    const full = applyPaymentEvent(partial.state, { type: 'refunded', totalRefundedMinor: 1000 })
    expect(full.state).toMatchObject({ status: 'refunded', refundedMinor: 1000 })
    expect(isRefundable(full.state)).toBe(false)
    expect(applyPaymentEvent(full.state, { type: 'refunded', totalRefundedMinor: 300 }).outcome).toBe('unchanged')
    expect(applyPaymentEvent(full.state, { type: 'refunded', totalRefundedMinor: 1001 })).toMatchObject({ outcome: 'ignored' })
    expect(applyPaymentEvent(run([{ type: 'checkout_started' }]), { type: 'refunded', totalRefundedMinor: 100 })).toMatchObject({ outcome: 'ignored' })
  })

  it('flags a dispute and tells the owner when it opens and when it closes, won or lost', () => {
    const disputed = applyPaymentEvent(run([paid()]), { type: 'dispute_opened', disputeId: 'dp_1' })
    expect(disputed).toMatchObject({ outcome: 'applied', state: { status: 'disputed', disputeId: 'dp_1' }, effects: [{ type: 'notify_owner', reason: 'dispute_opened' }] })
    expect(applyPaymentEvent(disputed.state, { type: 'dispute_opened', disputeId: 'dp_1' }).outcome).toBe('unchanged')
    expect(applyPaymentEvent(disputed.state, { type: 'dispute_closed', disputeId: 'dp_other', outcome: 'won' }).outcome).toBe('ignored')
    const won = applyPaymentEvent(disputed.state, { type: 'dispute_closed', disputeId: 'dp_1', outcome: 'won' })
    expect(won).toMatchObject({ state: { status: 'dispute_won' }, effects: [{ type: 'notify_owner', reason: 'dispute_won' }] })
    expect(isRefundable(won.state)).toBe(true)
    const lost = applyPaymentEvent(disputed.state, { type: 'dispute_closed', disputeId: 'dp_1', outcome: 'lost' })
    expect(lost).toMatchObject({ state: { status: 'dispute_lost' }, effects: [{ type: 'notify_owner', reason: 'dispute_lost' }] })
    expect(isRefundable(lost.state)).toBe(false)
    expect(applyPaymentEvent(run([{ type: 'checkout_started' }]), { type: 'dispute_opened', disputeId: 'dp_2' }).outcome).toBe('ignored')
  })

  it('closes a dispute whose opening arrives after its closing, and the late opening changes nothing', () => {
    const closed = applyPaymentEvent(run([paid()]), { type: 'dispute_closed', disputeId: 'dp_1', outcome: 'lost' })
    expect(closed).toMatchObject({ outcome: 'applied', state: { status: 'dispute_lost', disputeId: 'dp_1' } })
    expect(applyPaymentEvent(closed.state, { type: 'dispute_opened', disputeId: 'dp_1' }).outcome).toBe('unchanged')
  })

  it('changes nothing when a whole history is delivered again, in any status it reached', () => {
    const histories: PaymentEvent[][] = [
      [{ type: 'checkout_started' }, paid(), { type: 'refunded', totalRefundedMinor: 400 }, { type: 'dispute_opened', disputeId: 'dp' }, { type: 'dispute_closed', disputeId: 'dp', outcome: 'won' }, { type: 'refunded', totalRefundedMinor: 1000 }],
      [{ type: 'checkout_started' }, { type: 'failed', reason: 'declined' }, { type: 'expired' }, paid()],
      [{ type: 'checkout_started' }, { type: 'expired' }],
      [paid(), { type: 'dispute_opened', disputeId: 'dp' }, { type: 'dispute_closed', disputeId: 'dp', outcome: 'lost' }],
    ]
    const reached = new Set<string>()
    for (const history of histories) {
      const end = run(history)
      reached.add(end.status)
      for (const event of history) {
        const again = applyPaymentEvent(end, event, FREE)
        expect(again.state).toEqual(end)
        // A replay may only repeat a refund the provider dedupes, never confirm or release again.
        if (again.outcome === 'applied') expect(again.effects.every(effect => effect.type === 'refund' || effect.type === 'notify_customer')).toBe(true)
      }
    }
    expect([...reached].sort()).toEqual(['dispute_lost', 'expired', 'paid', 'refunded'])
  })

  it('never records more refunded than received, whatever order events come in', () => {
    const events: PaymentEvent[] = [{ type: 'checkout_started' }, paid(), { type: 'refunded', totalRefundedMinor: 700 }, { type: 'refunded', totalRefundedMinor: 200 }, { type: 'refunded', totalRefundedMinor: 5000 }, { type: 'expired' }, { type: 'failed', reason: 'x' }, { type: 'dispute_opened', disputeId: 'd' }]
    // Every order of a fixed sample: deterministic, no randomness in a test.
    for (let seed = 1; seed <= 200; seed++) {
      const shuffled = [...events].sort((a, b) => (hash(`${seed}${JSON.stringify(a)}`) - hash(`${seed}${JSON.stringify(b)}`)))
      const end = run(shuffled)
      expect(end.refundedMinor).toBeLessThanOrEqual(end.paidMinor)
      expect(PAYMENT_STATUSES).toContain(end.status)
    }
  })
})

function hash(text: string): number {
  let value = 7
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) % 1_000_003
  return value
}

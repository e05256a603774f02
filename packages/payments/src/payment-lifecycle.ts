/**
 * The payment lifecycle, as one pure state machine: every change to a payment, whether it
 * comes from a provider's webhook, the reconciliation job, the hold's expiry or the admin, is
 * an event applied here, and the answer says what the payment becomes and what must follow
 * (confirm the booking, release its slot, refund, tell someone). The caller applies the answer
 * in one transaction with the payment's row locked, and records the history entry.
 *
 * Provider events arrive late, twice, concurrently and out of order, so nothing here throws on
 * them: an event that repeats what is already recorded is `unchanged`, one that no longer fits
 * (a failure notice after the payment succeeded) is `ignored` with the reason. Replaying any
 * sequence of events therefore changes nothing the first pass did not.
 */

export const PAYMENT_STATUSES = ['created', 'pending', 'paid', 'partially_refunded', 'refunded', 'failed', 'expired', 'disputed', 'dispute_won', 'dispute_lost'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** What is recorded of a payment (P19: ids and amounts, never card or payer details). */
export interface PaymentState {
  status: PaymentStatus
  /** What the booking asks for (a deposit or the full price), in minor units. */
  amountMinor: number
  /** ISO 4217, upper case. */
  currency: string
  /** The provider's id of the money received (payment intent, capture, Redsys order), once paid. */
  providerPaymentId: string | null
  /** Received, in minor units (0 until paid). */
  paidMinor: number
  /** Refunded so far, in minor units, as the provider reports it. */
  refundedMinor: number
  /** The open or last dispute's provider id. */
  disputeId: string | null
}

export type PaymentEvent
  = | { type: 'checkout_started' }
    | { type: 'paid', providerPaymentId: string, amountMinor: number, currency: string }
    | { type: 'failed', reason: string }
    | { type: 'expired' }
    /** The provider's running total of refunds (Stripe's amount_refunded, a sum of PayPal refunds). */
    | { type: 'refunded', totalRefundedMinor: number }
    | { type: 'dispute_opened', disputeId: string }
    | { type: 'dispute_closed', disputeId: string, outcome: 'won' | 'lost' }

/** What the caller knows about the booking when money arrives; read with the booking's payments locked. */
export interface PaidContext {
  /** Another payment of the same booking is already paid (two tabs, a retry). */
  bookingAlreadyPaid: boolean
  /** The booking's slot is still free for it (matters only once its hold has expired). */
  slotStillFree: boolean
}

export type RefundReason = 'duplicate' | 'slot_taken' | 'amount_mismatch'

/** What must follow a change, in the same transaction or as a job it enqueues. */
export type PaymentEffect
  = | { type: 'confirm_booking' }
    | { type: 'release_slot' }
    /**
     * Refund what `providerPaymentId` received (not necessarily the payment's own charge). The
     * same charge can be reported twice by different routes (its webhook and the reconciliation
     * job), so the refund must be sent with `idempotencyKey`: the provider then makes it once.
     */
    | { type: 'refund', providerPaymentId: string, amountMinor: number, reason: RefundReason, idempotencyKey: string }
    | { type: 'notify_owner', reason: 'dispute_opened' | 'dispute_won' | 'dispute_lost' | 'amount_mismatch' }
    | { type: 'notify_customer', reason: 'late_payment_refunded' | 'duplicate_payment_refunded' }

export type PaymentTransition
  = | { outcome: 'applied', state: PaymentState, from: PaymentStatus, effects: PaymentEffect[] }
    | { outcome: 'unchanged', state: PaymentState }
    | { outcome: 'ignored', state: PaymentState, reason: string }

/** A new payment for a booking: nothing started, nothing received. */
export function newPayment(amountMinor: number, currency: string): PaymentState {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new RangeError('A payment is a positive whole number of minor units')
  return { status: 'created', amountMinor, currency: currency.toUpperCase(), providerPaymentId: null, paidMinor: 0, refundedMinor: 0, disputeId: null }
}

/** Money was received and not (all) given back: a refund can still be asked for. */
export function isRefundable(state: PaymentState): boolean {
  return (state.status === 'paid' || state.status === 'partially_refunded' || state.status === 'dispute_won') && state.refundedMinor < state.paidMinor
}

const OPEN: ReadonlySet<PaymentStatus> = new Set(['created', 'pending', 'failed'])
const RECEIVED: ReadonlySet<PaymentStatus> = new Set(['paid', 'partially_refunded', 'refunded', 'disputed', 'dispute_won', 'dispute_lost'])

/** Applies one event. `context` is only read for `paid` (see PaidContext). */
export function applyPaymentEvent(state: PaymentState, event: PaymentEvent, context?: PaidContext): PaymentTransition {
  switch (event.type) {
    case 'checkout_started':
      if (state.status === 'created') return applied(state, { status: 'pending' })
      return state.status === 'pending' ? unchanged(state) : ignored(state, `checkout started on a ${state.status} payment`)
    case 'paid':
      return applyPaid(state, event, context ?? { bookingAlreadyPaid: false, slotStillFree: false })
    case 'failed':
      if (state.status === 'created' || state.status === 'pending') return applied(state, { status: 'failed' })
      // The hold goes on: the visitor may try again until it expires.
      return state.status === 'failed' ? unchanged(state) : ignored(state, `failure notice on a ${state.status} payment`)
    case 'expired':
      if (OPEN.has(state.status)) return applied(state, { status: 'expired' }, [{ type: 'release_slot' }])
      return state.status === 'expired' ? unchanged(state) : ignored(state, `expiry of a ${state.status} payment`)
    case 'refunded':
      return applyRefunded(state, event.totalRefundedMinor)
    case 'dispute_opened':
      // A dispute is opened once: its id stays recorded after it closes and refunds follow.
      if (state.disputeId === event.disputeId) return unchanged(state)
      if (!RECEIVED.has(state.status) || state.status === 'disputed') return ignored(state, `dispute opened on a ${state.status} payment`)
      return applied(state, { status: 'disputed', disputeId: event.disputeId }, [{ type: 'notify_owner', reason: 'dispute_opened' }])
    case 'dispute_closed': {
      const closed = event.outcome === 'won' ? 'dispute_won' : 'dispute_lost'
      if (state.status !== 'disputed' && state.disputeId === event.disputeId) return unchanged(state)
      if (!RECEIVED.has(state.status) || (state.status === 'disputed' && state.disputeId !== event.disputeId)) return ignored(state, `dispute ${event.disputeId} closed on a ${state.status} payment`)
      // Closed before its opening arrived (providers do not promise order): the opening, when it
      // comes, finds the id recorded and changes nothing.
      return applied(state, { status: closed, disputeId: event.disputeId }, [{ type: 'notify_owner', reason: closed }])
    }
  }
}

function applyPaid(state: PaymentState, event: Extract<PaymentEvent, { type: 'paid' }>, context: PaidContext): PaymentTransition {
  if (RECEIVED.has(state.status)) {
    if (state.providerPaymentId === event.providerPaymentId) return unchanged(state)
    // A second charge on the same payment (a repeated checkout): it goes back at once.
    return { outcome: 'applied', state, from: state.status, effects: [refund(event, 'duplicate'), { type: 'notify_customer', reason: 'duplicate_payment_refunded' }] }
  }
  const received = { status: 'paid' as const, providerPaymentId: event.providerPaymentId, paidMinor: event.amountMinor }
  if (event.amountMinor !== state.amountMinor || event.currency.toUpperCase() !== state.currency) {
    // Not what the booking asked for (a tampered form, a changed price): never confirms it.
    const effects: PaymentEffect[] = [refund(event, 'amount_mismatch'), { type: 'notify_owner', reason: 'amount_mismatch' }]
    return applied(state, received, state.status === 'expired' ? effects : [...effects, { type: 'release_slot' }])
  }
  if (context.bookingAlreadyPaid) {
    return applied(state, received, [refund(event, 'duplicate'), { type: 'notify_customer', reason: 'duplicate_payment_refunded' }])
  }
  if (state.status === 'expired' && !context.slotStillFree) {
    return applied(state, received, [refund(event, 'slot_taken'), { type: 'notify_customer', reason: 'late_payment_refunded' }])
  }
  return applied(state, received, [{ type: 'confirm_booking' }])
}

function applyRefunded(state: PaymentState, total: number): PaymentTransition {
  if (!RECEIVED.has(state.status)) return ignored(state, `refund on a ${state.status} payment`)
  if (!Number.isSafeInteger(total) || total < 0 || total > state.paidMinor) return ignored(state, `refund total ${total} outside 0..${state.paidMinor}`)
  // Totals only grow: an older, smaller total arriving late is already counted.
  if (total <= state.refundedMinor) return unchanged(state)
  // A refund during or after a dispute changes the amount, not the dispute's status.
  if (state.status === 'disputed' || state.status === 'dispute_lost') return applied(state, { refundedMinor: total })
  return applied(state, { status: total === state.paidMinor ? 'refunded' : 'partially_refunded', refundedMinor: total })
}

function refund(event: Extract<PaymentEvent, { type: 'paid' }>, reason: RefundReason): PaymentEffect {
  return { type: 'refund', providerPaymentId: event.providerPaymentId, amountMinor: event.amountMinor, reason, idempotencyKey: `refund:${reason}:${event.providerPaymentId}` }
}

function applied(state: PaymentState, change: Partial<PaymentState>, effects: PaymentEffect[] = []): PaymentTransition {
  return { outcome: 'applied', state: { ...state, ...change }, from: state.status, effects }
}

function unchanged(state: PaymentState): PaymentTransition {
  return { outcome: 'unchanged', state }
}

function ignored(state: PaymentState, reason: string): PaymentTransition {
  return { outcome: 'ignored', state, reason }
}

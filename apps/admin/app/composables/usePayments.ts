import type { BadgeProps } from '@nuxt/ui'
import { formatMoney } from '@flectar/money'
import type { ApiRow, ProjectApiAnswer } from '~/utils/api-types'

// Shared shapes and words of the payments screens (the list, a payment's timeline, a booking's payments).

/** A row of `GET …/payments`. */
export type PaymentListItem = ApiRow<ProjectApiAnswer<'/payments'>>
export type PaymentStatus = PaymentListItem['status']
export type PaymentProvider = PaymentListItem['provider']
/** `GET …/payments/[paymentId]`: the payment and its status changes, oldest first. */
export type PaymentTimeline = ProjectApiAnswer<'/payments/:paymentId'>
export type PaymentTimelineEntry = PaymentTimeline['events'][number]

type BadgeColor = NonNullable<BadgeProps['color']>

/** Label and badge colour per status: money in is green, money going back amber, trouble red. */
export const PAYMENT_STATUSES: Record<PaymentStatus, { label: string, color: BadgeColor }> = {
  created: { label: 'Created', color: 'neutral' },
  pending: { label: 'Pending', color: 'neutral' },
  paid: { label: 'Paid', color: 'success' },
  partially_refunded: { label: 'Partly refunded', color: 'warning' },
  refunded: { label: 'Refunded', color: 'warning' },
  failed: { label: 'Failed', color: 'error' },
  expired: { label: 'Expired', color: 'error' },
  disputed: { label: 'Disputed', color: 'error' },
  dispute_won: { label: 'Dispute won', color: 'success' },
  dispute_lost: { label: 'Dispute lost', color: 'error' },
}

export const PAYMENT_PROVIDERS: Record<PaymentProvider, string> = {
  stripe: 'Stripe',
  paypal: 'PayPal',
  redsys: 'Redsys',
  on_site: 'At the venue',
}

/** What caused a change, as the owner would say it. */
const SOURCES: Record<string, string> = {
  webhook: 'Reported by the provider',
  reconciliation: 'Found by checking with the provider',
  expiry: 'The booking\'s hold ran out',
  admin: 'By staff',
  checkout: 'When the visitor went to pay',
}
export const paymentSourceLabel = (source: string) => SOURCES[source] ?? source

const EVENTS: Record<string, string> = {
  checkout_started: 'Checkout started',
  paid: 'Payment received',
  failed: 'Payment failed',
  expired: 'Expired unpaid',
  refunded: 'Refund',
  dispute_opened: 'Dispute opened',
  dispute_closed: 'Dispute closed',
}
export const paymentEventLabel = (event: string) => EVENTS[event] ?? event.replaceAll('_', ' ')

const EFFECTS: Record<string, string> = {
  confirm_booking: 'booking confirmed',
  release_slot: 'slot released',
  refund: 'refund asked of the provider',
  notify_owner: 'owner told',
  notify_customer: 'customer told',
}

/**
 * A history entry's details as label/value lines: amounts through formatMoney, ids as they are.
 * The details hold ids and amounts only (P19), so every key can be shown.
 */
export function paymentDetailLines(details: Record<string, unknown>, currency: string): Array<{ label: string, value: string }> {
  const money = (amount: unknown) => typeof amount === 'number' ? formatMoney({ amount, currency: typeof details.currency === 'string' ? details.currency : currency }) : String(amount)
  const lines: Array<{ label: string, value: string }> = []
  for (const [key, value] of Object.entries(details)) {
    if (value === null || value === undefined || key === 'currency' || key === 'effects') continue
    if (key === 'amountMinor') lines.push({ label: 'Amount', value: money(value) })
    else if (key === 'totalRefundedMinor') lines.push({ label: 'Refunded in total', value: money(value) })
    else if (key.endsWith('Minor')) lines.push({ label: key.slice(0, -'Minor'.length).replace(/([A-Z])/g, ' $1').toLowerCase(), value: money(value) })
    else if (key === 'providerPaymentId') lines.push({ label: 'Provider reference', value: String(value) })
    else if (key === 'disputeId') lines.push({ label: 'Dispute', value: String(value) })
    else lines.push({ label: key.replace(/([A-Z])/g, ' $1').toLowerCase(), value: typeof value === 'object' ? JSON.stringify(value) : String(value) })
  }
  // What followed the change reads last, after what the change was.
  const effects = Array.isArray(details.effects) ? details.effects : []
  if (effects.length) lines.push({ label: 'Then', value: effects.map(effect => EFFECTS[String(effect)] ?? String(effect).replaceAll('_', ' ')).join(', ') })
  return lines
}

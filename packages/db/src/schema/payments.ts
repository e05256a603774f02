import { sql } from 'drizzle-orm'
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { bookings } from './bookings'
import { organizations } from './orgs'
import { projects } from './sites'

/**
 * A payment asked of a booking (a deposit or the full price) through one provider. What is kept
 * is P19's list: provider, its reference ids, amounts and statuses — never card data or payer
 * details. Kept longer than the booking's personal data (P25): a booking is anonymised, its
 * payments stay, so the booking cannot be deleted under them (no action, not restrict: deleting
 * the whole project or organisation still cascades to both).
 */
export const payments = pgTable('payments', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  bookingId: uuid().notNull().references(() => bookings.id, { onDelete: 'no action' }),
  /** stripe, paypal, redsys or on_site. */
  provider: text().notNull(),
  /** One of PAYMENT_STATUSES (`@flectar/payments`). */
  status: text().notNull().default('created'),
  amountMinor: integer().notNull(),
  currency: text().notNull(),
  /** The provider's checkout: a Stripe Checkout Session, a PayPal order, a Redsys order number. */
  checkoutId: text(),
  /** The money received: a Stripe payment intent, a PayPal capture, the Redsys order. */
  providerPaymentId: text(),
  paidMinor: integer().notNull().default(0),
  refundedMinor: integer().notNull().default(0),
  disputeId: text(),
  /** When the booking's hold ends if nothing is paid. */
  expiresAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('payments_provider_checkout_idx').on(table.provider, table.checkoutId),
  index('payments_booking_idx').on(table.bookingId),
  index('payments_project_created_idx').on(table.projectId, table.createdAt),
])

/** A payment's status history: one row per change, with what caused it. */
export const paymentEvents = pgTable('payment_events', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  paymentId: uuid().notNull().references(() => payments.id, { onDelete: 'cascade' }),
  fromStatus: text().notNull(),
  toStatus: text().notNull(),
  /** The lifecycle event applied: paid, refunded, dispute_opened, … */
  event: text().notNull(),
  /** webhook, reconciliation, expiry or admin. */
  source: text().notNull(),
  /** The inbox delivery it came from, for a webhook. */
  inboxId: bigint({ mode: 'number' }),
  /** Ids and amounts only (P19): provider payment id, refund total, dispute id, effects. */
  details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [index('payment_events_payment_idx').on(table.paymentId, table.id)])

/**
 * Webhook deliveries, stored once per (provider, event id) after their signature was checked,
 * then applied by a job in one transaction: a replayed or concurrent duplicate finds its row and
 * changes nothing. `event` is the provider-neutral summary, not the provider's payload.
 */
export const paymentWebhookInbox = pgTable('payment_webhook_inbox', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  provider: text().notNull(),
  eventId: text().notNull(),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  /** The checkout the event is about (payments.checkoutId), or the money received (providerPaymentId). */
  checkoutId: text().notNull(),
  event: jsonb().$type<Record<string, unknown>>().notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  appliedAt: timestamp({ withTimezone: true }),
  /** applied, unchanged, ignored (with why) or no_payment. */
  outcome: text(),
  attempts: integer().notNull().default(0),
  lastError: text(),
}, table => [
  uniqueIndex('payment_webhook_inbox_event_idx').on(table.provider, table.eventId),
  index('payment_webhook_inbox_pending_idx').on(table.receivedAt).where(sql`applied_at is null`),
])

/**
 * A project's connection to one payment provider. `config` holds what may be shown again
 * (merchant code, terminal, PayPal client id, environment, Bizum); `secrets` is the JSON of the
 * rest, encrypted with the ENCRYPTION_KEY ring (P12), never sent back to a browser.
 */
export const paymentProviderSettings = pgTable('payment_provider_settings', {
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  /** stripe, paypal or redsys. */
  provider: text().notNull(),
  enabled: boolean().notNull().default(false),
  config: jsonb().$type<Record<string, string | boolean>>().notNull().default({}),
  secrets: text().notNull(),
  /** The last characters of each secret, so the owner can tell which one is stored. */
  secretHints: jsonb().$type<Record<string, string>>().notNull().default({}),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [primaryKey({ columns: [table.projectId, table.provider] })])

/**
 * A refund asked of a provider: by the admin (full or partial, with the reason given) or by the
 * lifecycle (a duplicate or late payment, an amount that does not match). Written in the
 * transaction that decides it and sent by a job, so a provider that is down delays a refund but
 * never loses it; `idempotencyKey` is unique and sent to the provider, so a refund decided twice
 * (its webhook and the reconciliation job) is asked for and made once.
 */
export const paymentRefunds = pgTable('payment_refunds', {
  id: uuid().primaryKey().defaultRandom(),
  paymentId: uuid().notNull().references(() => payments.id, { onDelete: 'cascade' }),
  /** The money refunded: the payment's own charge, or a duplicate charge on it. */
  providerPaymentId: text().notNull(),
  amountMinor: integer().notNull(),
  currency: text().notNull(),
  /** duplicate, slot_taken, amount_mismatch, or requested_by_owner. */
  reason: text().notNull(),
  /** The owner's words, for their own refunds. */
  note: text().notNull().default(''),
  idempotencyKey: text().notNull(),
  /** requested → succeeded | failed (the provider refused: not retried). */
  status: text().notNull().default('requested'),
  providerRefundId: text(),
  attempts: integer().notNull().default(0),
  lastError: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('payment_refunds_idempotency_idx').on(table.idempotencyKey),
  index('payment_refunds_requested_idx').on(table.createdAt).where(sql`status = 'requested'`),
  index('payment_refunds_payment_idx').on(table.paymentId),
])

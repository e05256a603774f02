import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { bookings, customers } from './bookings'
import { organizations } from './orgs'
import { projects } from './sites'

/**
 * What a project sells by subscription through its own Stripe account: a price every interval,
 * and optionally a number of bookings each period (of some services, or of any).
 */
export const subscriptionPlans = pgTable('subscription_plans', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  description: text().notNull().default(''),
  priceMinor: integer().notNull(),
  currency: text().notNull(),
  /** week, month or year. */
  interval: text().notNull(),
  /** Bookings the subscription covers each period; null grants none (a plain membership). */
  bookingsPerPeriod: integer(),
  /** The services those bookings may be of; empty: any service. */
  serviceIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
  /** Offered on the site. Plans are archived, never deleted, once someone subscribed. */
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [index('subscription_plans_project_idx').on(table.projectId)])

/**
 * A customer's subscription to a plan, made when they start the checkout (so the subscription's
 * metadata can carry this id) and then kept as its Stripe webhooks report it (P19: ids, status
 * and period; no card data).
 */
export const customerSubscriptions = pgTable('customer_subscriptions', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  planId: uuid().notNull().references(() => subscriptionPlans.id, { onDelete: 'restrict' }),
  customerId: uuid().references(() => customers.id, { onDelete: 'set null' }),
  /** Set by the first webhook after the customer paid; until then only the checkout exists. */
  stripeSubscriptionId: text(),
  stripeCustomerId: text(),
  stripeCheckoutId: text(),
  /** `checkout` until Stripe reports; then Stripe's status: active, past_due, canceled, unpaid, … */
  status: text().notNull(),
  currentPeriodStart: timestamp({ withTimezone: true }),
  currentPeriodEnd: timestamp({ withTimezone: true }),
  cancelAtPeriodEnd: boolean().notNull().default(false),
  canceledAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('customer_subscriptions_stripe_idx').on(table.projectId, table.stripeSubscriptionId),
  index('customer_subscriptions_customer_idx').on(table.customerId),
])

/** The bookings a subscription covered: counted against its plan's bookings per period. */
export const subscriptionBookings = pgTable('subscription_bookings', {
  subscriptionId: uuid().notNull().references(() => customerSubscriptions.id, { onDelete: 'cascade' }),
  bookingId: uuid().notNull().references(() => bookings.id, { onDelete: 'cascade' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  primaryKey({ columns: [table.subscriptionId, table.bookingId] }),
  uniqueIndex('subscription_bookings_booking_idx').on(table.bookingId),
])

/** A project's Stripe subscription events already applied, by event id. */
export const subscriptionEvents = pgTable('subscription_events', {
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  eventId: text().notNull(),
  type: text().notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [primaryKey({ columns: [table.projectId, table.eventId] })])

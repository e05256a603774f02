import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organizations } from './orgs'

/**
 * An organisation's plan on the platform (platform billing, off by default). No row means the
 * free plan. The plan and its status follow the platform's own Stripe account through its
 * webhook; `stripe*` are that account's ids, never a merchant's.
 */
export const orgBilling = pgTable('org_billing', {
  orgId: uuid().primaryKey().references(() => organizations.id, { onDelete: 'cascade' }),
  /** A plan id of the platform's catalogue (`@flectar/billing`). */
  plan: text().notNull(),
  /** The Stripe subscription's status: active, trialing, past_due, canceled, … */
  status: text().notNull(),
  stripeCustomerId: text(),
  stripeSubscriptionId: text(),
  currentPeriodEnd: timestamp({ withTimezone: true }),
  cancelAtPeriodEnd: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** The platform's Stripe events already applied, by event id: a repeated delivery changes nothing. */
export const platformBillingEvents = pgTable('platform_billing_events', {
  eventId: text().primaryKey(),
  type: text().notNull(),
  orgId: uuid().references(() => organizations.id, { onDelete: 'set null' }),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

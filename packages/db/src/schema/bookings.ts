import { sql } from 'drizzle-orm'
import { boolean, customType, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './accounts'
import { organizations } from './orgs'
import { projects } from './sites'

/** PostgreSQL `tstzrange`, written as `[start,end)`; Drizzle has no range type of its own. */
export const tstzrange = customType<{ data: { start: Date, end: Date }, driverData: string }>({
  dataType: () => 'tstzrange',
  toDriver: value => `[${value.start.toISOString()},${value.end.toISOString()})`,
  fromDriver: (value) => {
    const [start, end] = value.slice(1, -1).split(',').map(part => new Date(part.replaceAll('"', '')))
    return { start: start!, end: end! }
  },
})

export const bookingStatus = pgEnum('booking_status', ['pending', 'pending_payment', 'confirmed', 'cancelled', 'rejected', 'completed', 'no_show'])
export const ACTIVE_BOOKING_STATUSES = ['pending', 'pending_payment', 'confirmed'] as const
export const resourceKind = pgEnum('booking_resource_kind', ['staff', 'room', 'equipment'])
export const depositKind = pgEnum('booking_deposit_kind', ['none', 'fixed', 'percent'])
export const requirementKind = pgEnum('booking_requirement_kind', ['text', 'choice', 'checkbox', 'consent', 'file'])
export const couponKind = pgEnum('booking_coupon_kind', ['percent', 'fixed'])
export const bookingSource = pgEnum('booking_source', ['site', 'api', 'admin'])

/** One weekly working interval in the resource's own zone; weekday 1 = Monday … 7 = Sunday. */
export interface WeeklyHour { weekday: number, start: string, end: string }
/** A booked extra as it was priced when booked (later price changes do not rewrite history). */
export interface BookedExtra { id: string, name: string, priceAmount: number, durationMinutes: number }
/**
 * A requirement answer as asked when booked. A `file` answer's value is the id of a private
 * media asset; answers stored before file uploads existed have no `kind`.
 */
export interface BookingAnswer { requirementId: string, label: string, kind?: (typeof requirementKind.enumValues)[number], value: string | boolean | string[] }

/** Staff, rooms or equipment that can be booked; each works in its own time zone. */
export const bookingResources = pgTable('booking_resources', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  kind: resourceKind().notNull().default('staff'),
  timeZone: text().notNull(),
  weeklyHours: jsonb().$type<WeeklyHour[]>().notNull().default([]),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('booking_resources_project_idx').on(table.projectId),
])

/** A date whose working hours replace the weekly ones (no intervals = closed that day). */
export const bookingDateOverrides = pgTable('booking_date_overrides', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  resourceId: uuid().notNull().references(() => bookingResources.id, { onDelete: 'cascade' }),
  date: date({ mode: 'string' }).notNull(),
  intervals: jsonb().$type<Array<{ start: string, end: string }>>().notNull().default([]),
}, table => [
  uniqueIndex('booking_date_overrides_resource_date_idx').on(table.resourceId, table.date),
])

/** Closed dates (holidays, one-off closures), inclusive; without a resource they close the whole project. */
export const bookingBlockedDates = pgTable('booking_blocked_dates', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  resourceId: uuid().references(() => bookingResources.id, { onDelete: 'cascade' }),
  fromDate: date({ mode: 'string' }).notNull(),
  toDate: date({ mode: 'string' }).notNull(),
  reason: text().notNull().default(''),
}, table => [
  index('booking_blocked_dates_project_idx').on(table.projectId),
])

/** What can be booked. Money is in minor units of `currency` (ISO 4217). */
export const bookingServices = pgTable('booking_services', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  description: text().notNull().default(''),
  durationMinutes: integer().notNull(),
  priceAmount: integer().notNull().default(0),
  currency: text().notNull().default('EUR'),
  capacity: integer().notNull().default(1),
  bufferBeforeMinutes: integer().notNull().default(0),
  bufferAfterMinutes: integer().notNull().default(0),
  minNoticeMinutes: integer().notNull().default(120),
  maxAdvanceDays: integer().notNull().default(60),
  dailyLimit: integer(),
  slotIntervalMinutes: integer().notNull().default(15),
  requiresConfirmation: boolean().notNull().default(false),
  depositKind: depositKind().notNull().default('none'),
  /** Minor units for a fixed deposit, percent (1–100) for a percentage. */
  depositValue: integer().notNull().default(0),
  /** Customers may cancel or reschedule until this many hours before the start. */
  cancellationWindowHours: integer().notNull().default(24),
  /** Reminder lead times in minutes before the start. */
  reminderMinutes: integer().array().notNull().default(sql`'{1440}'::integer[]`),
  active: boolean().notNull().default(true),
  position: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('booking_services_project_idx').on(table.projectId),
])

/** Which resources can deliver a service. */
export const bookingServiceResources = pgTable('booking_service_resources', {
  serviceId: uuid().notNull().references(() => bookingServices.id, { onDelete: 'cascade' }),
  resourceId: uuid().notNull().references(() => bookingResources.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
}, table => [
  primaryKey({ columns: [table.serviceId, table.resourceId] }),
  index('booking_service_resources_resource_idx').on(table.resourceId),
])

/** Priced add-ons that lengthen the appointment; no services listed = offered with every service. */
export const bookingExtras = pgTable('booking_extras', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  priceAmount: integer().notNull().default(0),
  durationMinutes: integer().notNull().default(0),
  serviceIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('booking_extras_project_idx').on(table.projectId),
])

/** Questions the visitor answers when booking; no services listed = asked for every service. */
export const bookingRequirements = pgTable('booking_requirements', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  label: text().notNull(),
  kind: requirementKind().notNull(),
  options: text().array().notNull().default(sql`'{}'::text[]`),
  required: boolean().notNull().default(false),
  serviceIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
  position: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('booking_requirements_project_idx').on(table.projectId),
])

/** Discount codes; stored upper-case, matched case-insensitively. No services listed = every service. */
export const bookingCoupons = pgTable('booking_coupons', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  code: text().notNull(),
  kind: couponKind().notNull(),
  /** Percent (1–100) or minor units. */
  amount: integer().notNull(),
  validFrom: timestamp({ withTimezone: true }),
  validUntil: timestamp({ withTimezone: true }),
  maxUses: integer(),
  usedCount: integer().notNull().default(0),
  serviceIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
  onePerCustomer: boolean().notNull().default(false),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('booking_coupons_project_code_idx').on(table.projectId, table.code),
])

/** A project's customers, matched by email or phone when they book again. */
export const customers = pgTable('customers', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  /** Lower-cased. */
  email: text(),
  /** Digits with a leading + where given. */
  phone: text(),
  notes: text().notNull().default(''),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  uniqueIndex('customers_project_email_idx').on(table.projectId, table.email).where(sql`email is not null`),
  // Not unique: two people may share a phone (a parent booking for children); the email decides.
  index('customers_project_phone_idx').on(table.projectId, table.phone).where(sql`phone is not null`),
])

/** Server-to-server keys for the public API; only a SHA-256 of the key is kept (P14). */
export const apiKeys = pgTable('api_keys', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  /** The first characters of the key, to recognise it in lists. */
  prefix: text().notNull(),
  keyHash: text().notNull().unique(),
  scopes: text().array().notNull(),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('api_keys_project_idx').on(table.projectId),
])

/**
 * A booking holds its resource for `blocked` (the appointment plus buffers before and
 * after). An EXCLUDE constraint (custom migration) makes two active bookings of one
 * resource with overlapping `blocked` ranges impossible, whatever the application does.
 */
export const bookings = pgTable('bookings', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  resourceId: uuid().notNull().references(() => bookingResources.id, { onDelete: 'restrict' }),
  status: bookingStatus().notNull().default('pending'),
  startsAt: timestamp({ withTimezone: true }).notNull(),
  endsAt: timestamp({ withTimezone: true }).notNull(),
  blocked: tstzrange().notNull(),
  /** For capacity > 1: which seat of the resource this booking takes (0 for single-capacity). */
  seat: integer().notNull().default(0),
  holdExpiresAt: timestamp({ withTimezone: true }),
  serviceId: uuid().references(() => bookingServices.id, { onDelete: 'set null' }),
  customerId: uuid().references(() => customers.id, { onDelete: 'set null' }),
  /** The zone the customer booked in; messages show times in it. */
  timeZone: text().notNull().default('UTC'),
  serviceName: text().notNull().default(''),
  extras: jsonb().$type<BookedExtra[]>().notNull().default([]),
  answers: jsonb().$type<BookingAnswer[]>().notNull().default([]),
  priceAmount: integer().notNull().default(0),
  discountAmount: integer().notNull().default(0),
  depositAmount: integer().notNull().default(0),
  currency: text().notNull().default('EUR'),
  couponId: uuid().references(() => bookingCoupons.id, { onDelete: 'set null' }),
  source: bookingSource().notNull().default('site'),
  notes: text().notNull().default(''),
  cancelReason: text(),
  /** Reminder lead times (minutes) already sent, so a rerun never sends twice. */
  remindersSent: integer().array().notNull().default(sql`'{}'::integer[]`),
  /** The `.ics` SEQUENCE: 0 when booked, +1 for each change a calendar must apply (`booking-ics.ts`). */
  icsSequence: integer().notNull().default(0),
  confirmedAt: timestamp({ withTimezone: true }),
  cancelledAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('bookings_project_starts_idx').on(table.projectId, table.startsAt),
  index('bookings_customer_idx').on(table.customerId),
  index('bookings_resource_starts_idx').on(table.resourceId, table.startsAt),
  index('bookings_active_idx').on(table.resourceId).where(sql`status in ('pending', 'pending_payment', 'confirmed')`),
])

/** Who used which coupon, for "one per customer". */
export const couponRedemptions = pgTable('booking_coupon_redemptions', {
  couponId: uuid().notNull().references(() => bookingCoupons.id, { onDelete: 'cascade' }),
  customerId: uuid().notNull().references(() => customers.id, { onDelete: 'cascade' }),
  bookingId: uuid().notNull().references(() => bookings.id, { onDelete: 'cascade' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  primaryKey({ columns: [table.couponId, table.bookingId] }),
  index('booking_coupon_redemptions_customer_idx').on(table.couponId, table.customerId),
])

export const waitlistEntryStatus = pgEnum('waitlist_entry_status', ['waiting', 'offered', 'booked', 'expired', 'removed'])
export const waitlistOfferStatus = pgEnum('waitlist_offer_status', ['open', 'claimed', 'expired'])

/**
 * A visitor waiting for a service on any day of [fromDate, toDate] (local dates of `timeZone`).
 * First come, first offered: `createdAt` is the queue's order.
 */
export const waitlistEntries = pgTable('waitlist_entries', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  serviceId: uuid().notNull().references(() => bookingServices.id, { onDelete: 'cascade' }),
  customerId: uuid().references(() => customers.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  email: text().notNull(),
  phone: text(),
  /** Where offers go: `email`, or `sms` as well when the project can text. */
  channel: text().notNull().default('email'),
  fromDate: date({ mode: 'string' }).notNull(),
  toDate: date({ mode: 'string' }).notNull(),
  timeZone: text().notNull(),
  /** The service's questions, answered when joining (checked then, and again by the booking). */
  answers: jsonb().$type<Record<string, string | boolean | string[]>>().notNull().default({}),
  status: waitlistEntryStatus().notNull().default('waiting'),
  bookingId: uuid().references(() => bookings.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('waitlist_entries_queue_idx').on(table.serviceId, table.createdAt).where(sql`status in ('waiting', 'offered')`),
  index('waitlist_entries_project_idx').on(table.projectId, table.createdAt),
])

/**
 * A freed slot offered to one entry. While `open` and unexpired it holds its resource and seat
 * like a booking does (the availability engine counts it), so nobody else can take it; claimed,
 * it becomes a booking through the normal booking transaction.
 */
export const waitlistOffers = pgTable('waitlist_offers', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  entryId: uuid().notNull().references(() => waitlistEntries.id, { onDelete: 'cascade' }),
  serviceId: uuid().notNull().references(() => bookingServices.id, { onDelete: 'cascade' }),
  resourceId: uuid().notNull().references(() => bookingResources.id, { onDelete: 'cascade' }),
  seat: integer().notNull().default(0),
  startsAt: timestamp({ withTimezone: true }).notNull(),
  endsAt: timestamp({ withTimezone: true }).notNull(),
  blocked: tstzrange().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  status: waitlistOfferStatus().notNull().default('open'),
  bookingId: uuid().references(() => bookings.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('waitlist_offers_open_idx').on(table.resourceId).where(sql`status = 'open'`),
  index('waitlist_offers_entry_idx').on(table.entryId, table.startsAt),
  // One open offer per entry: a person is offered one slot at a time.
  uniqueIndex('waitlist_offers_one_open_idx').on(table.entryId).where(sql`status = 'open'`),
])

import { sql } from 'drizzle-orm'
import { customType, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
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

/** Staff, rooms or equipment that can be booked; each works in its own time zone. */
export const bookingResources = pgTable('booking_resources', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  projectId: uuid().notNull().references(() => projects.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  timeZone: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('booking_resources_project_idx').on(table.projectId),
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
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('bookings_project_starts_idx').on(table.projectId, table.startsAt),
  index('bookings_active_idx').on(table.resourceId).where(sql`status in ('pending', 'pending_payment', 'confirmed')`),
])

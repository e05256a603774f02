import { boolean, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './accounts'

export const memberRole = pgEnum('member_role', ['owner', 'admin', 'editor', 'viewer'])

export const organizations = pgTable('organizations', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  /** Members must have two-factor authentication to use this org. */
  requireTwoFactor: boolean().notNull().default(false),
  /**
   * Its last owner deleted their account but it had issued invoices: its sites and members are
   * gone, the organisation stays only to keep those invoices and VeriFactu records, which the
   * law requires to outlive it (P26).
   */
  closedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const memberships = pgTable('memberships', {
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: memberRole().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  primaryKey({ columns: [table.orgId, table.userId] }),
  index('memberships_user_idx').on(table.userId),
])

export const invitations = pgTable('invitations', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  email: text().notNull(),
  role: memberRole().notNull(),
  tokenHash: text().notNull().unique(),
  invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  lastSentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  acceptedAt: timestamp({ withTimezone: true }),
  declinedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('invitations_org_idx').on(table.orgId),
])

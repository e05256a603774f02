import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organizations } from './orgs'
import { users } from './accounts'

/**
 * Security and administrative actions: who, what, when, from where (an IP-derived key,
 * never the raw IP). Org-less events (e.g. a sign-in) carry the user only.
 */
export const auditEvents = pgTable('audit_events', {
  id: uuid().primaryKey().defaultRandom(),
  orgId: uuid().references(() => organizations.id, { onDelete: 'cascade' }),
  actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
  /** e.g. `auth.sign_in`, `auth.sign_in_failed`, `org.member_role_changed`. */
  action: text().notNull(),
  targetType: text(),
  targetId: text(),
  metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  ipKey: text().notNull().default(''),
  userAgent: text().notNull().default(''),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('audit_events_org_created_idx').on(table.orgId, table.createdAt),
  index('audit_events_actor_created_idx').on(table.actorUserId, table.createdAt),
])

import { sql } from 'drizzle-orm'
import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  /** Stored lower-cased; uniqueness is on the normalised form. */
  email: text().notNull(),
  name: text().notNull().default(''),
  surname: text().notNull().default(''),
  phone: text(),
  passwordHash: text(),
  emailVerifiedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp({ withTimezone: true }),
}, table => [
  uniqueIndex('users_email_unique').on(sql`lower(${table.email})`),
])

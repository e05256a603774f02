import { sql } from 'drizzle-orm'
import { bigint, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  /** Stored lower-cased; uniqueness is on the normalised form. */
  email: text().notNull(),
  name: text().notNull().default(''),
  surname: text().notNull().default(''),
  phone: text(),
  passwordHash: text(),
  emailVerifiedAt: timestamp({ withTimezone: true }),
  /** Google's stable subject identifier (`sub`), set when the account signs in with Google. */
  googleSubject: text().unique(),
  /** Storage key of the profile image. */
  avatarKey: text(),
  /** TOTP secret, encrypted with ENCRYPTION_KEY; set once enrolment is confirmed. */
  totpSecret: text(),
  /** Secret shown during enrolment, until the first code confirms it. */
  totpPendingSecret: text(),
  totpEnabledAt: timestamp({ withTimezone: true }),
  /** Last accepted TOTP time step: a code is accepted once, never replayed. */
  totpLastStep: bigint({ mode: 'number' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Soft delete: the account is purged after the retention window. */
  deletedAt: timestamp({ withTimezone: true }),
}, table => [
  uniqueIndex('users_email_unique').on(sql`lower(${table.email})`),
])

export const sessions = pgTable('sessions', {
  id: uuid().primaryKey().defaultRandom(),
  userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
  /** SHA-256 of the cookie token; the token itself is never stored. */
  tokenHash: text().notNull().unique(),
  activeOrgId: uuid(),
  userAgent: text().notNull().default(''),
  /** Keyed hash of the client IP (never the IP itself). */
  ipKey: text().notNull().default(''),
  /** Approximate location from hosting headers, e.g. "ES" or "Madrid, ES". */
  location: text().notNull().default(''),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Absolute expiry; idle expiry is computed from `lastSeenAt`. */
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  revokedAt: timestamp({ withTimezone: true }),
}, table => [
  index('sessions_user_idx').on(table.userId),
])

export const authTokenPurpose = pgEnum('auth_token_purpose', [
  'verify_email',
  'reset_password',
  'magic_link',
  'change_email',
  'two_factor_challenge',
])

/** Single-use, short-lived tokens sent by email (or held during a 2FA challenge), stored hashed. */
export const authTokens = pgTable('auth_tokens', {
  id: uuid().primaryKey().defaultRandom(),
  purpose: authTokenPurpose().notNull(),
  userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text().notNull().unique(),
  /** The address the token was sent to (the new address for an email change). */
  email: text().notNull(),
  attempts: integer().notNull().default(0),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('auth_tokens_user_idx').on(table.userId, table.purpose),
])

export const recoveryCodes = pgTable('recovery_codes', {
  id: uuid().primaryKey().defaultRandom(),
  userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
  codeHash: text().notNull(),
  usedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, table => [
  index('recovery_codes_user_idx').on(table.userId),
])

/** Counters for rate-limiter-flexible's Drizzle store (keys are already IP-derived hashes). */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  points: integer().notNull(),
  expire: timestamp({ withTimezone: true }),
})

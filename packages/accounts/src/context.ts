import type { KeyRing } from '@flectar/security'

/** Who is asking and from where, as recorded on sessions and audit events. */
export interface RequestContext {
  /** Keyed hash of the client IP (see `deriveIpKey`); never the IP. */
  ipKey: string
  userAgent: string
  /** Approximate location from hosting headers, e.g. "ES". */
  location: string
}

/**
 * Who makes a change, and from where: what a package function needs to write the change's
 * audit row inside the change's own transaction. `userId` is null for the platform itself.
 */
export interface Actor {
  userId: string | null
  context: RequestContext
}

/** Changes the platform makes on its own (seeds, scheduled clean-ups): audited without a user. */
export const SYSTEM_ACTOR: Actor = { userId: null, context: { ipKey: '', userAgent: 'system', location: '' } }

/** What account flows need from the app: where links point and how secrets are sealed. */
export interface AccountsEnv {
  /** Public URL of the admin app, for links in emails. */
  adminUrl: string
  keyRing: KeyRing
}

export const TOKEN_TTL_MS = {
  verify_email: 24 * 60 * 60 * 1000,
  change_email: 24 * 60 * 60 * 1000,
  reset_password: 30 * 60 * 1000,
  magic_link: 15 * 60 * 1000,
  two_factor_challenge: 5 * 60 * 1000,
} as const

export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000
export const MAX_TWO_FACTOR_ATTEMPTS = 5

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

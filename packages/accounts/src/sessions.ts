import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm'
import Bowser from 'bowser'
import { sessions, users, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { generateToken, hashToken } from '@flectar/security'
import { isUuid } from '@flectar/validation'
import { recordAuditEvent } from './audit'
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, type RequestContext } from './context'

/** Starts a session; the raw token goes in the cookie, only its SHA-256 is stored. */
export async function createSession(db: DbOrTx, userId: string, context: RequestContext, activeOrgId?: string | null) {
  const token = generateToken(32)
  const [session] = await db.insert(sessions).values({
    userId,
    tokenHash: hashToken(token),
    activeOrgId: activeOrgId ?? null,
    userAgent: context.userAgent.slice(0, 512),
    ipKey: context.ipKey,
    location: context.location,
    expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
  }).returning()
  return { token, session: session! }
}

// Writing lastSeenAt on every request would turn reads into writes; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60 * 1000

/** The live session and its user for a cookie token, or undefined (expired, idle, revoked, unknown). */
export async function validateSession(db: DbOrTx, token: string) {
  const now = Date.now()
  const [row] = await db.select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(
      eq(sessions.tokenHash, hashToken(token)),
      isNull(sessions.revokedAt),
      gt(sessions.expiresAt, new Date(now)),
      gt(sessions.lastSeenAt, new Date(now - SESSION_IDLE_MS)),
      isNull(users.deletedAt),
    ))
    .limit(1)
  if (!row) return undefined
  if (now - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, row.session.id))
  }
  return row
}

export async function setActiveOrg(db: DbOrTx, sessionId: string, orgId: string | null) {
  await db.update(sessions).set({ activeOrgId: orgId }).where(eq(sessions.id, sessionId))
}

/** The user's live sessions with a readable device, newest activity first. */
export async function listSessions(db: DbOrTx, userId: string, currentSessionId: string) {
  const rows = await db.select().from(sessions)
    .where(and(
      eq(sessions.userId, userId),
      isNull(sessions.revokedAt),
      gt(sessions.expiresAt, sql`now()`),
      gt(sessions.lastSeenAt, new Date(Date.now() - SESSION_IDLE_MS)),
    ))
    .orderBy(desc(sessions.lastSeenAt))
  return rows.map(row => ({
    id: row.id,
    current: row.id === currentSessionId,
    device: describeDevice(row.userAgent),
    location: row.location,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
  }))
}

export function describeDevice(userAgent: string): { browser: string, os: string, type: string } {
  if (!userAgent) return { browser: 'Unknown browser', os: 'Unknown system', type: 'unknown' }
  const parsed = Bowser.parse(userAgent)
  return {
    browser: [parsed.browser.name, parsed.browser.version?.split('.')[0]].filter(Boolean).join(' ') || 'Unknown browser',
    os: [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(' ') || 'Unknown system',
    type: parsed.platform.type ?? 'desktop',
  }
}

/** Revokes one of the user's own sessions (audited); someone else's session id is reported as not found. */
export async function revokeSession(db: DbOrTx, context: RequestContext, userId: string, sessionId: string) {
  if (!isUuid(sessionId)) throw new NotFoundError('That session does not exist or has ended.')
  await db.transaction(async (tx) => {
    const revoked = await tx.update(sessions).set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id })
    if (revoked.length === 0) throw new NotFoundError('That session does not exist or has ended.')
    await recordAuditEvent(tx, context, { action: 'auth.session_revoked', actorUserId: userId, targetType: 'session', targetId: sessionId })
  })
}

/** "Sign out everywhere else": every other session of the user ends, in one audited step. */
export async function signOutEverywhereElse(db: DbOrTx, context: RequestContext, userId: string, currentSessionId: string): Promise<number> {
  return await db.transaction(async (tx) => {
    const revoked = await revokeOtherSessions(tx, userId, currentSessionId)
    await recordAuditEvent(tx, context, { action: 'auth.sessions_revoked', actorUserId: userId, metadata: { count: revoked } })
    return revoked
  })
}

/** Revokes every session of the user except `keepSessionId` (all of them when omitted). */
export async function revokeOtherSessions(db: DbOrTx, userId: string, keepSessionId?: string): Promise<number> {
  const revoked = await db.update(sessions).set({ revokedAt: sql`now()` })
    .where(and(
      eq(sessions.userId, userId),
      isNull(sessions.revokedAt),
      keepSessionId ? ne(sessions.id, keepSessionId) : undefined,
    ))
    .returning({ id: sessions.id })
  return revoked.length
}

export async function revokeSessionByToken(db: DbOrTx, token: string) {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.tokenHash, hashToken(token)))
}

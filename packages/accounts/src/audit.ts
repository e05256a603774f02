import { and, desc, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { auditEvents, memberships, users, type DbOrTx } from '@flectar/db'
import { dateOrDateTime, plainText } from '@flectar/validation'
import type { Actor, RequestContext } from './context'

export interface AuditInput {
  action: string
  orgId?: string | null
  actorUserId?: string | null
  targetType?: string
  targetId?: string
  metadata?: Record<string, unknown>
}

/** Appends to the audit log (who, what, when, from where: an IP-derived key, never the IP). */
export async function recordAuditEvent(db: DbOrTx, context: RequestContext, input: AuditInput) {
  await db.insert(auditEvents).values({
    action: input.action,
    orgId: input.orgId ?? null,
    actorUserId: input.actorUserId ?? null,
    targetType: input.targetType,
    targetId: input.targetId,
    metadata: input.metadata ?? {},
    ipKey: context.ipKey,
    userAgent: context.userAgent.slice(0, 512),
  })
}

/**
 * The audit row of a change `actor` made: how the domain packages record their own changes,
 * inside the transaction that makes them, so a change and its row commit or fail together.
 */
export async function auditChange(db: DbOrTx, actor: Actor, input: Omit<AuditInput, 'actorUserId'>) {
  await recordAuditEvent(db, actor.context, { ...input, actorUserId: actor.userId })
}

/** The audit page's filters, from its query string: days or instants, years 1900–2200. */
export const auditQuerySchema = z.object({
  action: plainText({ max: 100 }).optional(),
  actorUserId: z.uuid('Choose a member from the list').optional(),
  from: dateOrDateTime({ message: 'Enter a valid date' }).optional(),
  to: dateOrDateTime({ message: 'Enter a valid date' }).optional(),
  before: dateOrDateTime({ message: 'Enter a valid date' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
})

export interface AuditFilters {
  action?: string
  actorUserId?: string
  from?: Date
  to?: Date
  before?: Date
  limit?: number
}

/**
 * An org's audit events, newest first, with the actor's name and email: events of the org,
 * plus account-level security events (sign-ins, 2FA, password) of its current members.
 */
export async function listAuditEvents(db: DbOrTx, orgId: string, filters: AuditFilters = {}) {
  const members = db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.orgId, orgId))
  const conditions: (SQL | undefined)[] = [
    or(eq(auditEvents.orgId, orgId), and(isNull(auditEvents.orgId), inArray(auditEvents.actorUserId, members))),
    filters.action ? eq(auditEvents.action, filters.action) : undefined,
    filters.actorUserId ? eq(auditEvents.actorUserId, filters.actorUserId) : undefined,
    filters.from ? gte(auditEvents.createdAt, filters.from) : undefined,
    filters.to ? lt(auditEvents.createdAt, filters.to) : undefined,
    filters.before ? lt(auditEvents.createdAt, filters.before) : undefined,
  ]
  return await db.select({
    id: auditEvents.id,
    action: auditEvents.action,
    targetType: auditEvents.targetType,
    targetId: auditEvents.targetId,
    metadata: auditEvents.metadata,
    ipKey: auditEvents.ipKey,
    userAgent: auditEvents.userAgent,
    createdAt: auditEvents.createdAt,
    actor: { id: users.id, email: users.email, name: users.name, surname: users.surname },
  })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.createdAt))
    .limit(Math.min(filters.limit ?? 50, 200))
}

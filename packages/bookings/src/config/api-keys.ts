import { and, desc, eq, isNull, lt, or } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import type { z } from 'zod'
import { isUuid } from '@flectar/validation'
import { apiKeys, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { generateToken, hashToken } from '@flectar/security'
import { auditProjectChange, requireProject, type ProjectScope } from '@flectar/sites'
import { API_KEY_SCOPES, type apiKeySchema, type ApiKeyScope } from './schemas'

/** Every key starts with this, so a leaked one is easy to recognise (and to scan for). */
export const API_KEY_PREFIX = 'flk_'
/** How much of the key lists show: `flk_` and 8 characters, too few to guess the rest. */
const SHOWN_PREFIX_LENGTH = 12
/** `lastUsedAt` is a hint, not a log: written at most this often per key. */
const LAST_USED_PRECISION_MS = 60_000

const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdBy: apiKeys.createdBy,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
}

/** The project's keys, newest first: never the key or its hash. */
export async function listApiKeys(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select(apiKeyColumns).from(apiKeys)
    .where(and(eq(apiKeys.projectId, scope.projectId), eq(apiKeys.orgId, scope.orgId)))
    .orderBy(desc(apiKeys.createdAt))
}

/**
 * Creates a key and returns it in `key` this once (P14): only its SHA-256 and the first
 * characters are stored, so it can never be shown again, only revoked and replaced.
 * Audited `api_key.created` (with the shown prefix and the scopes, never the key).
 */
export async function createApiKey(db: DbOrTx, scope: ProjectScope, input: z.infer<typeof apiKeySchema>, actor: Actor) {
  await requireProject(db, scope)
  const key = `${API_KEY_PREFIX}${generateToken(32)}`
  return await db.transaction(async (tx) => {
    const [row] = await tx.insert(apiKeys).values({
      orgId: scope.orgId,
      projectId: scope.projectId,
      name: input.name,
      prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
      keyHash: hashToken(key),
      scopes: input.scopes,
      createdBy: actor.userId,
    }).returning(apiKeyColumns)
    await auditProjectChange(tx, actor, scope, { action: 'api_key.created', targetType: 'api_key', targetId: row!.id, metadata: { prefix: row!.prefix, scopes: row!.scopes } })
    return { ...row!, key }
  })
}

/** Revokes a key at once (audited `api_key.revoked`); revoking one already revoked keeps its first revocation time. */
export async function revokeApiKey(db: DbOrTx, scope: ProjectScope, keyId: string, actor: Actor, now = new Date()) {
  await requireProject(db, scope)
  if (!isUuid(keyId)) throw new NotFoundError('API key not found.')
  const where = and(eq(apiKeys.id, keyId), eq(apiKeys.projectId, scope.projectId), eq(apiKeys.orgId, scope.orgId))
  return await db.transaction(async (tx) => {
    const [revoked] = await tx.update(apiKeys).set({ revokedAt: now }).where(and(where, isNull(apiKeys.revokedAt))).returning(apiKeyColumns)
    const [key] = revoked ? [revoked] : await tx.select(apiKeyColumns).from(apiKeys).where(where)
    if (!key) throw new NotFoundError('API key not found.')
    await auditProjectChange(tx, actor, scope, { action: 'api_key.revoked', targetType: 'api_key', targetId: key.id, metadata: { prefix: key.prefix } })
    return key
  })
}

export interface VerifiedApiKey {
  id: string
  orgId: string
  projectId: string
  scopes: ApiKeyScope[]
}

/**
 * The project and scopes of a presented key, or null (unknown, malformed or revoked).
 * Every call does the same work, a hash and one indexed lookup by that hash, so the time
 * taken says nothing about how close a guess was. `lastUsedAt` moves at most once a minute.
 */
export async function verifyApiKey(db: DbOrTx, plainKey: string, now = new Date()): Promise<VerifiedApiKey | null> {
  const keyHash = hashToken(typeof plainKey === 'string' ? plainKey : '')
  const [key] = await db.select({ id: apiKeys.id, orgId: apiKeys.orgId, projectId: apiKeys.projectId, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1)
  if (!key) return null
  const stale = new Date(now.getTime() - LAST_USED_PRECISION_MS)
  if (!key.lastUsedAt || key.lastUsedAt < stale) {
    await db.update(apiKeys).set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))))
  }
  return { id: key.id, orgId: key.orgId, projectId: key.projectId, scopes: key.scopes.filter((scope): scope is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(scope)) }
}

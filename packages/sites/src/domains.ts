import { resolveTxt } from 'node:dns/promises'
import { randomBytes } from 'node:crypto'
import { and, asc, eq, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { z } from 'zod'
import type { Actor } from '@flectar/accounts'
import { projectDomains, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, InvalidInputError, NotFoundError } from '@flectar/errors'
import { isUuid } from '@flectar/validation'
import { auditProjectChange } from './audit-project-change'
import type { ProjectScope } from './project-scope'
import { requireProject } from './require-project'
import { hostnameSchema, type addDomainSchema } from './schemas'
import { notifySiteChanged } from './site-changed'

/** How the app checks ownership; injectable so tests (and air-gapped installs) need no network. */
export interface DomainVerifier {
  txtRecords: (name: string) => Promise<string[]>
  httpToken: (hostname: string) => Promise<string | undefined>
}

export const systemDomainVerifier: DomainVerifier = {
  txtRecords: async name => (await resolveTxt(name).catch(() => [])).map(parts => parts.join('')),
  httpToken: async (hostname) => {
    const response = await fetch(`http://${hostname}/.well-known/flectar-verification`, { signal: AbortSignal.timeout(5000), redirect: 'manual' }).catch(() => undefined)
    return response?.ok ? (await response.text()).trim() : undefined
  },
}

export const TXT_PREFIX = '_flectar-verification'

/** How long an unverified claim lives: long enough for DNS to change, too short to squat a host. */
export const DOMAIN_CLAIM_TTL_MS = 7 * 24 * 60 * 60 * 1000

/** Unverified claims made before this instant have expired. */
export function domainClaimCutoff(now = new Date()): Date {
  return new Date(now.getTime() - DOMAIN_CLAIM_TTL_MS)
}

export async function listDomains(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  const other = alias(projectDomains, 'other')
  // Only whether another site serves the host: which one is another tenant's business.
  const verifiedElsewhere = sql<boolean>`exists (${db.select({ one: sql`1` }).from(other).where(and(eq(other.hostname, projectDomains.hostname), isNotNull(other.verifiedAt), ne(other.id, projectDomains.id)))})`
  const rows = await db.select({ row: projectDomains, verifiedElsewhere }).from(projectDomains)
    .where(eq(projectDomains.projectId, scope.projectId))
    .orderBy(asc(projectDomains.createdAt))
  return rows.map(({ row, verifiedElsewhere }) => ({
    id: row.id,
    hostname: row.hostname,
    verified: row.verifiedAt !== null,
    isPrimary: row.isPrimary,
    txtRecord: { name: `${TXT_PREFIX}.${row.hostname}`, value: `flectar-verification=${row.verificationToken}` },
    /** Until when an unverified claim can be verified; null once verified. */
    claimExpiresAt: row.verifiedAt ? null : new Date(row.createdAt.getTime() + DOMAIN_CLAIM_TTL_MS),
    /** Another site serves this host: verifying this claim by DNS moves it here. */
    verifiedElsewhere: !row.verifiedAt && verifiedElsewhere,
    createdAt: row.createdAt,
  }))
}

/**
 * Adds a claim awaiting verification. A claim blocks no one: other projects may claim the same
 * host, the first to verify gets it, and a verified host moves only when another project
 * verifies it anew (`verifyDomain`). The same host twice in one project is a 409. Audited
 * `domain.added`.
 */
export async function addDomain(db: Db, scope: ProjectScope, input: z.output<typeof addDomainSchema>, platformDomain: string, actor: Actor) {
  await requireProject(db, scope)
  if (input.hostname === platformDomain || input.hostname.endsWith(`.${platformDomain}`)) {
    throw new InvalidInputError({ hostname: 'Use your own domain: addresses on the platform domain are given by the project address' })
  }
  return await db.transaction(async (tx) => {
    // The project's own expired claim makes way for a fresh one, with a new token.
    await tx.delete(projectDomains).where(and(
      eq(projectDomains.projectId, scope.projectId),
      eq(projectDomains.hostname, input.hostname),
      isNull(projectDomains.verifiedAt),
      lt(projectDomains.createdAt, domainClaimCutoff()),
    ))
    const [domain] = await tx.insert(projectDomains).values({
      orgId: scope.orgId,
      projectId: scope.projectId,
      hostname: input.hostname,
      verificationToken: randomBytes(16).toString('hex'),
    }).onConflictDoNothing().returning()
    if (!domain) throw new ConflictError(`${input.hostname} is already added to this site.`, 'domain_taken', { fields: { hostname: 'This domain is already added to this site' } })
    await auditProjectChange(tx, actor, scope, { action: 'domain.added', targetType: 'domain', targetId: domain.id, metadata: { hostname: domain.hostname } })
    return domain
  })
}

/** One of the project's domains, or 404 (another project's domain is simply not found). */
export async function requireDomain(db: DbOrTx, scope: ProjectScope, domainId: string) {
  await requireProject(db, scope)
  if (!isUuid(domainId)) throw new NotFoundError('Domain not found.')
  const [domain] = await db.select().from(projectDomains).where(and(eq(projectDomains.id, domainId), eq(projectDomains.projectId, scope.projectId)))
  if (!domain) throw new NotFoundError('Domain not found.')
  return domain
}

/** Makes a verified domain the one every other host of the project redirects to (audited `domain.primary_set`). */
export async function setPrimaryDomain(db: Db, scope: ProjectScope, domainId: string, actor: Actor) {
  const domain = await requireDomain(db, scope, domainId)
  if (!domain.verifiedAt) throw new ConflictError('Verify the domain before making it primary.', 'domain_unverified')
  await db.transaction(async (tx) => {
    await tx.update(projectDomains).set({ isPrimary: false }).where(eq(projectDomains.projectId, scope.projectId))
    await tx.update(projectDomains).set({ isPrimary: true }).where(eq(projectDomains.id, domain.id))
    await auditProjectChange(tx, actor, scope, { action: 'domain.primary_set', targetType: 'domain', targetId: domain.id, metadata: { hostname: domain.hostname } })
    await notifySiteChanged(tx, scope.projectId)
  })
}

/** Removes a domain or a claim on one (audited `domain.removed`); a verified host stops serving the site. */
export async function removeDomain(db: Db, scope: ProjectScope, domainId: string, actor: Actor) {
  const domain = await requireDomain(db, scope, domainId)
  await db.transaction(async (tx) => {
    await tx.delete(projectDomains).where(eq(projectDomains.id, domain.id))
    await auditProjectChange(tx, actor, scope, { action: 'domain.removed', targetType: 'domain', targetId: domain.id, metadata: { hostname: domain.hostname, verified: domain.verifiedAt !== null } })
    await notifySiteChanged(tx, scope.projectId)
  })
}

/** For Caddy's on-demand TLS: only verified custom domains get a certificate. */
export async function isVerifiedDomain(db: DbOrTx, hostname: string): Promise<boolean> {
  const parsed = hostnameSchema.safeParse(hostname)
  if (!parsed.success) return false
  const [row] = await db.select({ id: projectDomains.id }).from(projectDomains)
    .where(and(eq(projectDomains.hostname, parsed.data), isNotNull(projectDomains.verifiedAt))).limit(1)
  return Boolean(row)
}

/**
 * The token to serve at /.well-known/flectar-verification for a host, only when that proves
 * something: the host is verified nowhere and exactly one live claim waits for it. A host
 * verified already gets none (this server answering for a host that points here would let any
 * claimant "prove" it), nor one with several claims (whose owner pointed it here is unknown):
 * those verify with the DNS TXT record.
 */
export async function pendingVerificationToken(db: DbOrTx, hostname: string): Promise<string | undefined> {
  const rows = await db.select({ token: projectDomains.verificationToken, verifiedAt: projectDomains.verifiedAt, createdAt: projectDomains.createdAt })
    .from(projectDomains)
    .where(eq(projectDomains.hostname, hostname.toLowerCase()))
  if (rows.some(row => row.verifiedAt)) return undefined
  const live = rows.filter(row => row.createdAt >= domainClaimCutoff())
  return live.length === 1 ? live[0]!.token : undefined
}

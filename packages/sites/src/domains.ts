import { resolveTxt } from 'node:dns/promises'
import { randomBytes } from 'node:crypto'
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm'
import { z } from 'zod'
import { projectDomains, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, InvalidInputError, NotFoundError } from '@flectar/errors'
import { isUuid, requireProject, type ProjectScope } from './project-scope'

export const hostnameSchema = z.string().trim().toLowerCase().max(253)
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Enter a domain like www.example.com')

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

export async function listDomains(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  const rows = await db.select().from(projectDomains).where(eq(projectDomains.projectId, scope.projectId)).orderBy(asc(projectDomains.createdAt))
  return rows.map(row => ({
    id: row.id,
    hostname: row.hostname,
    verified: row.verifiedAt !== null,
    isPrimary: row.isPrimary,
    txtRecord: { name: `${TXT_PREFIX}.${row.hostname}`, value: `flectar-verification=${row.verificationToken}` },
    createdAt: row.createdAt,
  }))
}

/** Adds a domain awaiting verification. A domain can belong to one project only (409). */
export async function addDomain(db: Db, scope: ProjectScope, input: { hostname: string }, platformDomain: string) {
  await requireProject(db, scope)
  if (input.hostname === platformDomain || input.hostname.endsWith(`.${platformDomain}`)) {
    throw new InvalidInputError({ hostname: 'Use your own domain: addresses on the platform domain are given by the project address' })
  }
  const [domain] = await db.insert(projectDomains).values({
    orgId: scope.orgId,
    projectId: scope.projectId,
    hostname: input.hostname,
    verificationToken: randomBytes(16).toString('hex'),
  }).onConflictDoNothing().returning()
  if (!domain) throw new ConflictError(`${input.hostname} is already connected to a site.`, 'domain_taken', { fields: { hostname: 'This domain is already connected' } })
  return domain
}

async function requireDomain(db: DbOrTx, scope: ProjectScope, domainId: string) {
  await requireProject(db, scope)
  if (!isUuid(domainId)) throw new NotFoundError('Domain not found.')
  const [domain] = await db.select().from(projectDomains).where(and(eq(projectDomains.id, domainId), eq(projectDomains.projectId, scope.projectId)))
  if (!domain) throw new NotFoundError('Domain not found.')
  return domain
}

/** Checks the TXT record, then the HTTP token; marks the domain verified when either matches. */
export async function verifyDomain(db: Db, scope: ProjectScope, domainId: string, verifier: DomainVerifier = systemDomainVerifier) {
  const domain = await requireDomain(db, scope, domainId)
  if (domain.verifiedAt) return { verified: true, method: 'already' as const }
  const expected = `flectar-verification=${domain.verificationToken}`
  const txt = await verifier.txtRecords(`${TXT_PREFIX}.${domain.hostname}`)
  const method = txt.includes(expected) ? 'dns' as const : (await verifier.httpToken(domain.hostname)) === domain.verificationToken ? 'http' as const : undefined
  if (!method) return { verified: false, method: undefined }
  await db.update(projectDomains).set({ verifiedAt: sql`now()` }).where(eq(projectDomains.id, domain.id))
  return { verified: true, method }
}

/** Makes a verified domain the one every other host of the project redirects to. */
export async function setPrimaryDomain(db: Db, scope: ProjectScope, domainId: string) {
  const domain = await requireDomain(db, scope, domainId)
  if (!domain.verifiedAt) throw new ConflictError('Verify the domain before making it primary.', 'domain_unverified')
  await db.transaction(async (tx) => {
    await tx.update(projectDomains).set({ isPrimary: false }).where(eq(projectDomains.projectId, scope.projectId))
    await tx.update(projectDomains).set({ isPrimary: true }).where(eq(projectDomains.id, domain.id))
  })
}

export async function removeDomain(db: Db, scope: ProjectScope, domainId: string) {
  const domain = await requireDomain(db, scope, domainId)
  await db.delete(projectDomains).where(eq(projectDomains.id, domain.id))
}

/** For Caddy's on-demand TLS: only verified custom domains get a certificate. */
export async function isVerifiedDomain(db: DbOrTx, hostname: string): Promise<boolean> {
  const parsed = hostnameSchema.safeParse(hostname)
  if (!parsed.success) return false
  const [row] = await db.select({ id: projectDomains.id }).from(projectDomains)
    .where(and(eq(projectDomains.hostname, parsed.data), isNotNull(projectDomains.verifiedAt))).limit(1)
  return Boolean(row)
}

/** The pending verification token for a host, served at /.well-known/flectar-verification. */
export async function pendingVerificationToken(db: DbOrTx, hostname: string): Promise<string | undefined> {
  const [row] = await db.select({ token: projectDomains.verificationToken }).from(projectDomains).where(eq(projectDomains.hostname, hostname.toLowerCase())).limit(1)
  return row?.token
}

/** Tells every site instance to drop its cached pages and host lookups for a project. */
export async function notifySiteChanged(db: Db, projectId: string): Promise<void> {
  await db.execute(sql`select pg_notify('site_changed', ${projectId})`)
}

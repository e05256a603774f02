import { and, asc, eq, ne, sql } from 'drizzle-orm'
import { listMemberEmails, type Actor } from '@flectar/accounts'
import { projectDomains, projects, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, GoneError } from '@flectar/errors'
import { enqueueEmail, renderEmail } from '@flectar/messaging'
import { auditProjectChange } from './audit-project-change'
import { domainClaimCutoff, requireDomain, systemDomainVerifier, TXT_PREFIX, type DomainVerifier } from './domains'
import type { ProjectScope } from './project-scope'
import { notifySiteChanged } from './site-changed'

export interface VerifyDomainResult {
  verified: boolean
  /** How control was proven; undefined while not verified. */
  method: 'dns' | 'http' | 'already' | undefined
  hostname: string
  /** The project that served this host until now (its org's owners were emailed). */
  movedFrom?: ProjectScope
}

/** Which proof of control the host gives for this claim's token, if any. */
async function proofOfControl(domain: { hostname: string, verificationToken: string }, verifier: DomainVerifier) {
  const txt = await verifier.txtRecords(`${TXT_PREFIX}.${domain.hostname}`)
  if (txt.includes(`flectar-verification=${domain.verificationToken}`)) return 'dns' as const
  if ((await verifier.httpToken(domain.hostname)) === domain.verificationToken) return 'http' as const
  return undefined
}

/** Tells the owners of the org that lost a host, inside the transaction that moved it. */
async function sendDomainMovedNotice(tx: DbOrTx, previous: ProjectScope & { hostname: string }) {
  const [project] = await tx.select({ name: projects.name }).from(projects).where(eq(projects.id, previous.projectId))
  const owners = await listMemberEmails(tx, previous.orgId, ['owner'])
  const { html, text } = renderEmail({
    heading: `${previous.hostname} moved to another site`,
    paragraphs: [
      `${previous.hostname} is no longer connected to your site ${project?.name ?? ''}: another Flectar Base site proved control of the domain with its DNS record, so the domain now serves that site.`,
      'If the domain is yours, check who can change its DNS records, then add it to your site again and verify it.',
    ],
  })
  for (const owner of owners) {
    await enqueueEmail(tx, { to: owner, subject: `${previous.hostname} is no longer connected to your site`, text, html, template: 'sites.domain_moved', orgId: previous.orgId, projectId: previous.projectId })
  }
}

/**
 * Checks the TXT record, then the HTTP token, and when either matches gives the host to this
 * claim: every other claim on the host is removed, and if another project had it verified,
 * the host moves here and that org's owners are emailed. Rows of the host are locked in id
 * order, so two projects verifying at once take turns. An expired claim answers 410.
 * Audited: `domain.verified`, or `domain.verification_failed` when neither proof matched (the
 * log then tells an owner waiting for DNS what was tried, and when).
 */
export async function verifyDomain(db: Db, scope: ProjectScope, domainId: string, actor: Actor, verifier: DomainVerifier = systemDomainVerifier): Promise<VerifyDomainResult> {
  const domain = await requireDomain(db, scope, domainId)
  if (domain.verifiedAt) return { verified: true, method: 'already', hostname: domain.hostname }
  if (domain.createdAt < domainClaimCutoff()) {
    throw new GoneError('This claim expired after 7 days. Remove the domain and add it again for a new token.', 'domain_claim_expired')
  }
  const method = await proofOfControl(domain, verifier)
  if (!method) {
    await auditProjectChange(db, actor, scope, { action: 'domain.verification_failed', targetType: 'domain', targetId: domain.id, metadata: { hostname: domain.hostname } })
    return { verified: false, method: undefined, hostname: domain.hostname }
  }
  return await db.transaction(async (tx) => {
    const rows = await tx.select().from(projectDomains).where(eq(projectDomains.hostname, domain.hostname)).orderBy(asc(projectDomains.id)).for('update')
    const mine = rows.find(row => row.id === domain.id)
    if (!mine) throw new ConflictError(`Another site verified ${domain.hostname} a moment ago. Add it again to take it over.`, 'domain_verified_elsewhere')
    if (mine.verifiedAt) return { verified: true, method: 'already', hostname: mine.hostname }
    const previous = rows.find(row => row.verifiedAt !== null)
    await tx.delete(projectDomains).where(and(eq(projectDomains.hostname, mine.hostname), ne(projectDomains.id, mine.id)))
    await tx.update(projectDomains).set({ verifiedAt: sql`now()` }).where(eq(projectDomains.id, mine.id))
    await auditProjectChange(tx, actor, scope, { action: 'domain.verified', targetType: 'domain', targetId: mine.id, metadata: { hostname: mine.hostname, method, movedFromAnotherSite: Boolean(previous) } })
    await notifySiteChanged(tx, scope.projectId)
    if (!previous) return { verified: true, method, hostname: mine.hostname }
    await notifySiteChanged(tx, previous.projectId)
    await sendDomainMovedNotice(tx, previous)
    return { verified: true, method, hostname: mine.hostname, movedFrom: { orgId: previous.orgId, projectId: previous.projectId } }
  })
}

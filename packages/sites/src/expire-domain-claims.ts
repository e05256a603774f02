import { and, isNull, lt } from 'drizzle-orm'
import { projectDomains, type DbOrTx } from '@flectar/db'
import { domainClaimCutoff } from './domains'

/** Deletes unverified domain claims older than 7 days; returns how many. Idempotent. */
export async function expireDomainClaims(db: DbOrTx, now = new Date()): Promise<number> {
  const removed = await db.delete(projectDomains)
    .where(and(isNull(projectDomains.verifiedAt), lt(projectDomains.createdAt, domainClaimCutoff(now))))
    .returning({ id: projectDomains.id })
  return removed.length
}

import { and, asc, eq } from 'drizzle-orm'
import type { z } from 'zod'
import type { Actor } from '@flectar/accounts'
import { isUuid } from '@flectar/validation'
import { redirects, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import { auditProjectChange } from './audit-project-change'
import type { ProjectScope } from './project-scope'
import { requireProject } from './require-project'
import type { redirectSchema } from './schemas'
import { notifySiteChanged } from './site-changed'

export async function listRedirects(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select({ id: redirects.id, fromPath: redirects.fromPath, toPath: redirects.toPath, statusCode: redirects.statusCode })
    .from(redirects).where(eq(redirects.projectId, scope.projectId)).orderBy(asc(redirects.fromPath))
}

/** Audited `redirect.created`; a path already redirected is a 409. */
export async function createRedirect(db: Db, scope: ProjectScope, input: z.infer<typeof redirectSchema>, actor: Actor) {
  await requireProject(db, scope)
  return await db.transaction(async (tx) => {
    const [row] = await tx.insert(redirects).values({ orgId: scope.orgId, projectId: scope.projectId, ...input }).onConflictDoNothing().returning()
    if (!row) throw new ConflictError(`${input.fromPath} already redirects somewhere. Delete that redirect first.`, 'redirect_exists', { fields: { fromPath: 'Already redirected' } })
    await auditProjectChange(tx, actor, scope, { action: 'redirect.created', targetType: 'redirect', targetId: row.id, metadata: { fromPath: row.fromPath, toPath: row.toPath, statusCode: row.statusCode } })
    await notifySiteChanged(tx, scope.projectId)
    return row
  })
}

/** Audited `redirect.deleted`. */
export async function deleteRedirect(db: Db, scope: ProjectScope, redirectId: string, actor: Actor) {
  await requireProject(db, scope)
  if (!isUuid(redirectId)) throw new NotFoundError('Redirect not found.')
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(redirects).where(and(eq(redirects.id, redirectId), eq(redirects.projectId, scope.projectId))).returning({ id: redirects.id, fromPath: redirects.fromPath })
    if (!deleted) throw new NotFoundError('Redirect not found.')
    await auditProjectChange(tx, actor, scope, { action: 'redirect.deleted', targetType: 'redirect', targetId: deleted.id, metadata: { fromPath: deleted.fromPath } })
    await notifySiteChanged(tx, scope.projectId)
  })
}

import { and, asc, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { isCleanText, isUuid } from '@flectar/validation'
import { formSubmissions, redirects, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError, NotFoundError } from '@flectar/errors'
import type { ProjectScope } from './project-scope'
import { requireProject } from './require-project'

export const redirectSchema = z.object({
  fromPath: z.string().trim().max(2000).regex(/^\/[^\s?#]*$/, 'Use a path on this site like /old-page').refine(path => isCleanText(path), 'Use a path on this site like /old-page'),
  toPath: z.string().trim().max(2000).regex(/^(?:\/\S*|https?:\/\/\S+)$/, 'Use a path like /new-page or a full https:// address').refine(path => isCleanText(path), 'Use a path like /new-page or a full https:// address'),
  statusCode: z.union([z.literal(301), z.literal(302)]).default(301),
}).refine(value => value.fromPath !== value.toPath, { message: 'A redirect cannot point to itself', path: ['toPath'] })

export async function listRedirects(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select({ id: redirects.id, fromPath: redirects.fromPath, toPath: redirects.toPath, statusCode: redirects.statusCode })
    .from(redirects).where(eq(redirects.projectId, scope.projectId)).orderBy(asc(redirects.fromPath))
}

export async function createRedirect(db: Db, scope: ProjectScope, input: z.infer<typeof redirectSchema>) {
  await requireProject(db, scope)
  const [row] = await db.insert(redirects).values({ orgId: scope.orgId, projectId: scope.projectId, ...input }).onConflictDoNothing().returning()
  if (!row) throw new ConflictError(`${input.fromPath} already redirects somewhere. Delete that redirect first.`, 'redirect_exists', { fields: { fromPath: 'Already redirected' } })
  return row
}

export async function deleteRedirect(db: Db, scope: ProjectScope, redirectId: string) {
  await requireProject(db, scope)
  if (!isUuid(redirectId)) throw new NotFoundError('Redirect not found.')
  const deleted = await db.delete(redirects).where(and(eq(redirects.id, redirectId), eq(redirects.projectId, scope.projectId))).returning({ id: redirects.id })
  if (deleted.length === 0) throw new NotFoundError('Redirect not found.')
}

export async function listFormSubmissions(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select().from(formSubmissions).where(eq(formSubmissions.projectId, scope.projectId)).orderBy(desc(formSubmissions.createdAt)).limit(200)
}

import { and, eq } from 'drizzle-orm'
import { projects, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string | undefined): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/** Org and project a request works in; the caller has already checked the org role. */
export interface ProjectScope {
  orgId: string
  projectId: string
}

/** The project, only if it belongs to the org: another org's project is simply not found. */
export async function requireProject(db: DbOrTx, scope: ProjectScope) {
  if (!isUuid(scope.projectId)) throw new NotFoundError('Project not found.')
  const [project] = await db.select().from(projects)
    .where(and(eq(projects.id, scope.projectId), eq(projects.orgId, scope.orgId)))
    .limit(1)
  if (!project) throw new NotFoundError('Project not found.')
  return project
}

import { and, eq } from 'drizzle-orm'
import { projects, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { isUuid } from '@flectar/validation'
import type { Project, ProjectScope } from './project-scope'

/**
 * The one project loader: the project only if it belongs to the org. Another org's project,
 * or an id that is not one, is simply not found (404), and nothing after this runs.
 */
export async function requireProject(db: DbOrTx, scope: ProjectScope): Promise<Project> {
  if (!isUuid(scope.orgId) || !isUuid(scope.projectId)) throw new NotFoundError('Project not found.')
  const [project] = await db.select().from(projects)
    .where(and(eq(projects.id, scope.projectId), eq(projects.orgId, scope.orgId)))
    .limit(1)
  if (!project) throw new NotFoundError('Project not found.')
  return project
}

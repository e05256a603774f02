import type { H3Event } from 'h3'
import type { Role } from '@flectar/accounts'
import { requireProject } from '@flectar/sites'

/**
 * The one guard for project routes: the org role check of `requireOrgMember`, then the
 * project itself, only if it belongs to that org (another org's project is a 404, and the
 * handler never runs). Package queries also filter by the scope it returns.
 */
export async function requireProjectAccess(event: H3Event, minimum: Role) {
  const member = await requireOrgMember(event, getRouterParam(event, 'orgId'), minimum)
  const { db } = useDatabase()
  const scope = { orgId: member.org.id, projectId: getRouterParam(event, 'projectId') ?? '' }
  const project = await requireProject(db, scope)
  return { ...member, db, scope, project }
}

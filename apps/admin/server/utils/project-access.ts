import type { H3Event } from 'h3'
import type { Role } from '@flectar/accounts'

/**
 * The guard for project routes: the org role check of `requireOrgMember`, then a scope that
 * every package query filters by (a project of another org is reported as not found).
 */
export async function requireProjectAccess(event: H3Event, minimum: Role) {
  const member = await requireOrgMember(event, getRouterParam(event, 'orgId'), minimum)
  return { ...member, scope: { orgId: member.org.id, projectId: getRouterParam(event, 'projectId') ?? '' } }
}

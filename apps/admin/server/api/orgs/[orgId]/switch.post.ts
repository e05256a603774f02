import { setActiveOrg } from '@flectar/accounts'

// Account switching: makes this org the session's active one.
export default defineEventHandler(async (event) => {
  const { session, org, role } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'viewer')
  await setActiveOrg(useDatabase().db, session.id, org.id)
  return { activeOrgId: org.id, role }
})

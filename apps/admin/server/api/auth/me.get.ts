import { getUserProfile, listMyOrganizations } from '@flectar/accounts'

// The signed-in user, their orgs and the active one; 401 when signed out.
export default defineEventHandler(async (event) => {
  const { user, session } = await requireAuth(event)
  const { db } = useDatabase()
  const organizations = await listMyOrganizations(db, user.id)
  const activeOrgId = organizations.some(org => org.id === session.activeOrgId) ? session.activeOrgId : organizations[0]?.id ?? null
  return { user: await getUserProfile(db, user.id), organizations, activeOrgId }
})

import { updateOrganization } from '@flectar/accounts'
import { updateOrganizationSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { user } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  const changes = parseInput(updateOrganizationSchema, await readBody(event))
  const org = await updateOrganization(useDatabase().db, getRequestContext(event), user.id, getRouterParam(event, 'orgId')!, changes)
  return { id: org.id, name: org.name, slug: org.slug, requireTwoFactor: org.requireTwoFactor }
})

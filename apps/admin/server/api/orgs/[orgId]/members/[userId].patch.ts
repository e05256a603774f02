import { changeMemberRole } from '@flectar/accounts'
import { changeRoleSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { user, org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  const { role } = parseInput(changeRoleSchema, await readBody(event))
  return await changeMemberRole(useDatabase().db, getRequestContext(event), user.id, org.id, getRouterParam(event, 'userId') ?? '', role)
})

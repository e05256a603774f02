import { addDomain, addDomainSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const input = parseInput(addDomainSchema, await readBody(event))
  const domain = await addDomain(db, scope, input, useServerConfig().PLATFORM_DOMAIN, actor)
  setResponseStatus(event, 201)
  return { id: domain.id, hostname: domain.hostname }
})

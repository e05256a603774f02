import { z } from 'zod'
import { addDomain, hostnameSchema } from '@flectar/sites'
import { parseInput } from '@flectar/errors'

const bodySchema = z.object({ hostname: hostnameSchema })

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const input = parseInput(bodySchema, await readBody(event))
  const domain = await addDomain(db, scope, input, useServerConfig().PLATFORM_DOMAIN, actor)
  setResponseStatus(event, 201)
  return { id: domain.id, hostname: domain.hostname }
})

import { createOrganization, setActiveOrg } from '@flectar/accounts'
import { organizationSchema } from '@flectar/accounts/schemas'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { user, session } = await requireAuth(event)
  const { name } = parseInput(organizationSchema, await readBody(event))
  const { db } = useDatabase()
  const org = await db.transaction(tx => createOrganization(tx, getRequestContext(event), { name, ownerId: user.id }))
  await setActiveOrg(db, session.id, org.id)
  setResponseStatus(event, 201)
  return { id: org.id, name: org.name, slug: org.slug, role: 'owner' }
})

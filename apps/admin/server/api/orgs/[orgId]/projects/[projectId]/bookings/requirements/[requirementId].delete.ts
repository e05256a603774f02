import { deleteRequirement } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  await deleteRequirement(useDatabase().db, scope, getRouterParam(event, 'requirementId') ?? '')
  return { status: 'deleted' }
})

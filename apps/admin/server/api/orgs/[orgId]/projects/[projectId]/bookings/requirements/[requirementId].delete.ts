import { deleteRequirement } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await deleteRequirement(db, scope, getRouterParam(event, 'requirementId') ?? '', actor)
  return { status: 'deleted' }
})

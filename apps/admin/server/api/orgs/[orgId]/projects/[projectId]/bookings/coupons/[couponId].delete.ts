import { deleteCoupon } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  await deleteCoupon(db, scope, getRouterParam(event, 'couponId') ?? '', actor)
  return { status: 'deleted' }
})

import { deleteCoupon } from '@flectar/bookings'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  await deleteCoupon(useDatabase().db, scope, getRouterParam(event, 'couponId') ?? '')
  return { status: 'deleted' }
})

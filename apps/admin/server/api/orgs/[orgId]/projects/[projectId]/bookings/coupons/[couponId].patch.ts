import { updateCoupon, couponUpdateSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const changes = parseInput(couponUpdateSchema, await readBody(event))
  return await updateCoupon(db, scope, getRouterParam(event, 'couponId') ?? '', changes, actor)
})

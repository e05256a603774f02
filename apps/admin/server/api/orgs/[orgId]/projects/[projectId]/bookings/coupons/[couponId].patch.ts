import { updateCoupon, couponUpdateSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const changes = parseInput(couponUpdateSchema, await readBody(event))
  return await updateCoupon(useDatabase().db, scope, getRouterParam(event, 'couponId') ?? '', changes)
})

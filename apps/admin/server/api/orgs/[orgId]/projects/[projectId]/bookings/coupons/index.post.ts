import { createCoupon, couponSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(couponSchema, await readBody(event))
  const created = await createCoupon(db, scope, input, actor)
  setResponseStatus(event, 201)
  return created
})

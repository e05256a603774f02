import { createCoupon, couponSchema } from '@flectar/bookings'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'editor')
  const input = parseInput(couponSchema, await readBody(event))
  const created = await createCoupon(useDatabase().db, scope, input)
  setResponseStatus(event, 201)
  return created
})

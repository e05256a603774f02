import type { z } from 'zod'
import type { DbOrTx } from '@flectar/db'
import type { Project } from '@flectar/sites'
import { findUsableCoupon } from './coupon-use'
import { pickExtras } from './pick-extras'
import { priceBooking } from './pricing'
import { requireBookableService } from './require-bookable-service'
import type { quoteSchema } from './schemas'

/**
 * What a booking would cost, with the coupon checked as far as it can be before the visitor
 * is known ("one per customer" is checked when booking). A bad coupon is a 422 on `couponCode`.
 */
export async function quoteBooking(db: DbOrTx, project: Pick<Project, 'id'>, input: z.output<typeof quoteSchema>, now = new Date()) {
  const service = await requireBookableService(db, project.id, input.serviceId)
  const extras = await pickExtras(db, project.id, service.id, input.extras)
  const coupon = input.couponCode ? await findUsableCoupon(db, project.id, service.id, input.couponCode, now) : undefined
  const price = priceBooking(service, extras, coupon)
  return { currency: service.currency, ...price, coupon: coupon ? { code: coupon.code, kind: coupon.kind, amount: coupon.amount } : null }
}

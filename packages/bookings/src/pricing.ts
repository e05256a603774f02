import type { BookedExtra } from '@flectar/db'

export interface PricedService {
  priceAmount: number
  depositKind: 'none' | 'fixed' | 'percent'
  depositValue: number
}

export interface AppliedCoupon {
  kind: 'percent' | 'fixed'
  amount: number
}

export interface Price {
  /** Service plus extras, before the discount, in minor units. */
  subtotal: number
  discount: number
  total: number
  /** What must be paid up front; never more than the total. */
  deposit: number
}

/** The price of a booking in minor units: service + extras − coupon, and the deposit due on it. */
export function priceBooking(service: PricedService, extras: readonly BookedExtra[], coupon?: AppliedCoupon): Price {
  const subtotal = service.priceAmount + extras.reduce((sum, extra) => sum + extra.priceAmount, 0)
  const rawDiscount = !coupon ? 0 : coupon.kind === 'percent' ? Math.round(subtotal * coupon.amount / 100) : coupon.amount
  const discount = Math.min(subtotal, rawDiscount)
  const total = subtotal - discount
  const rawDeposit = service.depositKind === 'fixed'
    ? service.depositValue
    : service.depositKind === 'percent' ? Math.round(total * service.depositValue / 100) : 0
  return { subtotal, discount, total, deposit: Math.min(total, rawDeposit) }
}

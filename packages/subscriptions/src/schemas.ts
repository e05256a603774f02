import { z } from 'zod'
import { customerNameSchema } from '@flectar/bookings/schemas'
import { multiLineText, singleLineText } from '@flectar/validation'

export const SUBSCRIPTION_INTERVALS = ['week', 'month', 'year'] as const
export type SubscriptionInterval = typeof SUBSCRIPTION_INTERVALS[number]

export const INTERVAL_LABELS: Record<SubscriptionInterval, string> = { week: 'week', month: 'month', year: 'year' }

/** A plan as the admin edits it; the currency is the project's. */
export const subscriptionPlanSchema = z.object({
  name: singleLineText({ min: 1, max: 80, required: 'Give the plan a name' }),
  description: multiLineText({ max: 500 }).default(''),
  // Stripe's smallest charge is about 0.50 in most currencies.
  priceMinor: z.number({ error: 'Enter a price' }).int('Enter the price in cents').min(50, 'A subscription costs at least 0.50').max(10_000_000, 'At most 100,000.00'),
  interval: z.enum(SUBSCRIPTION_INTERVALS, { error: 'Choose week, month or year' }),
  bookingsPerPeriod: z.number().int('Enter a whole number').min(1, 'At least 1, or none').max(1000, 'At most 1000').nullable().default(null),
  serviceIds: z.array(z.uuid('must be a service id')).max(50).default([]),
  active: z.boolean().default(true),
})
export type SubscriptionPlanInput = z.infer<typeof subscriptionPlanSchema>

/** A booking the customer's subscription covers (the public API): the token of their subscriber link. */
export const subscriptionChoiceSchema = z.object({
  subscription: z.object({
    token: z.string('must be the token of the subscriber\'s link').min(1, 'must be the token of the subscriber\'s link').max(200),
  }, 'must be an object such as { "token": "…" }').optional(),
})

/** A visitor subscribing on the site. */
export const subscribeSchema = z.object({
  planId: z.uuid('Choose a plan'),
  customer: z.object({
    name: customerNameSchema,
    email: z.string().trim().max(320).pipe(z.email('must be an email address')),
  }),
})

import { z } from 'zod'
import { PAYMENT_PROVIDERS } from '@flectar/payments/schemas'
import { couponCodeInputSchema, customerNameSchema, instantSchema, lineSchema, notesSchema, timeZoneSchema } from './input-fields'

// `@flectar/bookings/schemas`: the input schemas of the booking API and the admin's booking
// configuration, shared by the server (validation) and the browser (the same checks and
// messages in the forms). Browser-safe: zod, @flectar/validation and @flectar/time only.

export * from './input-fields'
export * from './config/fields'
export * from './config/schemas'

// Taking a booking (`createBooking`)

const answerValue = z.union([notesSchema(2000), z.boolean(), z.array(lineSchema(200)).max(20)])

export const createBookingSchema = z.object({
  serviceId: z.uuid('must be a service id'),
  start: instantSchema,
  timeZone: timeZoneSchema,
  resourceId: z.uuid('must be a resource id').optional(),
  customer: z.object({
    name: customerNameSchema,
    email: z.string().trim().max(320).pipe(z.email('must be an email address')),
    phone: z.string().trim().max(40).regex(/^\+?[\d\s().-]{6,}$/, 'must be a phone number').optional().or(z.literal('').transform(() => undefined)),
  }),
  extras: z.array(z.uuid('must be an extra id')).max(20).default([]),
  answers: z.record(z.string(), answerValue).default({}),
  couponCode: couponCodeInputSchema.optional().or(z.literal('').transform(() => undefined)),
  notes: notesSchema(2000).optional(),
})
export type CreateBookingInput = z.input<typeof createBookingSchema>

/** How the visitor pays, beside the booking's fields (`payment.provider`); needed only when the service asks for money. */
export const bookingPaymentChoiceSchema = z.object({
  payment: z.object({
    provider: z.enum(PAYMENT_PROVIDERS, `must be one of ${PAYMENT_PROVIDERS.join(', ')}`),
  }, 'must be an object such as { "provider": "stripe" }').optional(),
})

/** Staff booking by phone: an email is optional, a phone or an email is needed. */
export const adminCreateBookingSchema = createBookingSchema.extend({
  customer: z.object({
    name: customerNameSchema,
    email: z.string().trim().max(320).pipe(z.email('must be an email address')).optional().or(z.literal('').transform(() => undefined)),
    phone: z.string().trim().max(40).regex(/^\+?[\d\s().-]{6,}$/, 'must be a phone number').optional().or(z.literal('').transform(() => undefined)),
  }).refine(customer => customer.email || customer.phone, { message: 'needs an email or a phone number', path: ['phone'] }),
  timeZone: timeZoneSchema.optional(),
})

/**
 * What `createBooking` takes: a request parsed by `createBookingSchema` (the site and the
 * public API: an email is required) or by `adminCreateBookingSchema` (staff).
 */
export type BookingRequest = z.output<typeof adminCreateBookingSchema>

// Pricing before booking (`quoteBooking`)

export const quoteSchema = z.object({
  serviceId: z.uuid('must be a service id'),
  extras: z.array(z.uuid('must be an extra id')).max(20).default([]),
  couponCode: couponCodeInputSchema.optional().or(z.literal('').transform(() => undefined)),
})

// The customer's manage link (`cancelByToken`, `rescheduleByToken`)

export const rescheduleSchema = z.object({ start: instantSchema })
export const cancelSchema = z.object({ reason: notesSchema(500).optional() })

// Staff on a booking: moving it (`moveBooking`) and changing its status (`changeBookingStatus`)

export const staffMoveSchema = z.object({
  start: instantSchema,
  resourceId: z.uuid('must be a resource id').optional(),
  /** Whether the customer is emailed the new time (the calendar asks; the default tells them). */
  notifyCustomer: z.boolean('must be true or false').default(true),
})

export const STATUS_CHANGES = ['confirm', 'reject', 'cancel', 'complete', 'no_show'] as const
export const statusChangeSchema = z.object({
  action: z.enum(STATUS_CHANGES, 'must be confirm, reject, cancel, complete or no_show'),
  reason: notesSchema(500).optional(),
})

// Staff notes on a customer (`updateCustomer`)

export const updateCustomerSchema = z.object({
  name: customerNameSchema.optional(),
  notes: notesSchema(5000).optional(),
})

import { z } from 'zod'
import { dateTimeText, multiLineText, singleLineText } from '@flectar/validation'
import type { FieldErrors } from '@flectar/errors'
import { timeZoneText } from '@flectar/time'
import { dateSchema, endTimeSchema, idListSchema, idSchema, intervalIssues, startTimeSchema } from './fields'

// The input schemas of the booking configuration, beside the functions in `config/*` that take
// their output. Browser-safe (no database): the admin's forms validate with these same schemas,
// so a form shows the API's messages before it sends anything (`@flectar/bookings/schemas`).

// Services

export const DEPOSIT_KINDS = ['none', 'fixed', 'percent'] as const

const minutes = (min: number, max: number) => z.number().int('Use whole minutes').min(min, `At least ${min}`).max(max, `At most ${max}`)
const whole = (min: number, max: number) => z.number().int('Use a whole number').min(min, `At least ${min}`).max(max, `At most ${max}`)

const serviceFields = {
  name: singleLineText({ min: 1, max: 120, required: 'Enter a name', tooLong: 'Use at most 120 characters' }),
  description: multiLineText({ max: 2000, tooLong: 'Use at most 2000 characters' }),
  durationMinutes: minutes(5, 1440),
  /** Minor units of `currency` (cents). */
  priceAmount: whole(0, 100_000_000),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'Use a 3-letter currency code like EUR'),
  capacity: whole(1, 500),
  bufferBeforeMinutes: minutes(0, 720),
  bufferAfterMinutes: minutes(0, 720),
  minNoticeMinutes: minutes(0, 43_200),
  maxAdvanceDays: whole(1, 730),
  dailyLimit: whole(1, 1000).nullable(),
  slotIntervalMinutes: minutes(5, 240),
  requiresConfirmation: z.boolean(),
  depositKind: z.enum(DEPOSIT_KINDS),
  /** Minor units for a fixed deposit, percent for a percentage, 0 for none. */
  depositValue: whole(0, 100_000_000),
  cancellationWindowHours: whole(0, 720),
  reminderMinutes: z.array(minutes(5, 20_160)).max(3, 'At most 3 reminders')
    .transform(values => [...new Set(values)].sort((left, right) => right - left)),
  active: z.boolean(),
  resourceIds: idListSchema,
}

export type ServiceRules = Pick<ServiceInput, 'priceAmount' | 'depositKind' | 'depositValue'>

/** Rules across fields, checked on a new service and on an existing one with its changes. */
export function serviceRuleErrors(service: ServiceRules): FieldErrors {
  if (service.depositKind === 'fixed' && (service.depositValue < 1 || service.depositValue > service.priceAmount)) {
    return { depositValue: service.priceAmount < 1 ? 'A free service takes no deposit' : 'Between 0.01 and the price' }
  }
  if (service.depositKind === 'percent' && (service.depositValue < 1 || service.depositValue > 100)) {
    return { depositValue: 'Between 1 and 100 percent' }
  }
  return {}
}

export const serviceSchema = z.object({
  ...serviceFields,
  // A new service gets the table's defaults for what is not sent.
  description: serviceFields.description.default(''),
  priceAmount: serviceFields.priceAmount.default(0),
  currency: serviceFields.currency.default('EUR'),
  capacity: serviceFields.capacity.default(1),
  bufferBeforeMinutes: serviceFields.bufferBeforeMinutes.default(0),
  bufferAfterMinutes: serviceFields.bufferAfterMinutes.default(0),
  minNoticeMinutes: serviceFields.minNoticeMinutes.default(120),
  maxAdvanceDays: serviceFields.maxAdvanceDays.default(60),
  dailyLimit: serviceFields.dailyLimit.default(null),
  slotIntervalMinutes: serviceFields.slotIntervalMinutes.default(15),
  requiresConfirmation: serviceFields.requiresConfirmation.default(false),
  depositKind: serviceFields.depositKind.default('none'),
  depositValue: serviceFields.depositValue.default(0),
  cancellationWindowHours: serviceFields.cancellationWindowHours.default(24),
  reminderMinutes: serviceFields.reminderMinutes.default([1440]),
  active: serviceFields.active.default(true),
  resourceIds: serviceFields.resourceIds.default([]),
}).superRefine((service, ctx) => {
  for (const [path, message] of Object.entries(serviceRuleErrors(service))) ctx.addIssue({ code: 'custom', path: [path], message })
})
export const serviceUpdateSchema = z.object(serviceFields).partial()

export type ServiceInput = z.infer<typeof serviceSchema>
export type ServiceUpdate = z.infer<typeof serviceUpdateSchema>

export const serviceOrderSchema = z.object({
  ids: z.array(idSchema).min(1, 'List the services in their new order').max(200, 'Too many items')
    .refine(ids => new Set(ids).size === ids.length, 'List each service once'),
})

// Resources and their hours

export const RESOURCE_KINDS = ['staff', 'room', 'equipment'] as const
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

export const weeklyHourSchema = z.object({
  weekday: z.number().int().min(1, 'Use 1 (Monday) to 7 (Sunday)').max(7, 'Use 1 (Monday) to 7 (Sunday)'),
  start: startTimeSchema,
  end: endTimeSchema,
})

/** Working intervals per weekday; several a day, none overlapping. Stored sorted. */
export const weeklyHoursSchema = z.array(weeklyHourSchema).max(84, 'At most 12 intervals a day')
  .superRefine((hours, ctx) => {
    const issues = intervalIssues(hours, hour => hour.weekday, index => [index], hour => `${hour.start}–${hour.end} on ${WEEKDAY_NAMES[hour.weekday - 1]}`)
    for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue })
  })
  .transform(hours => [...hours].sort((left, right) => left.weekday - right.weekday || left.start.localeCompare(right.start)))

const resourceFields = {
  name: singleLineText({ min: 1, max: 100, required: 'Enter a name', tooLong: 'Use at most 100 characters' }),
  kind: z.enum(RESOURCE_KINDS),
  timeZone: timeZoneText(),
  weeklyHours: weeklyHoursSchema,
  active: z.boolean(),
}

export const resourceSchema = z.object({
  ...resourceFields,
  kind: resourceFields.kind.default('staff'),
  weeklyHours: resourceFields.weeklyHours.default([]),
  active: resourceFields.active.default(true),
})
export const resourceUpdateSchema = z.object(resourceFields).partial()

export type ResourceInput = z.infer<typeof resourceSchema>
export type ResourceUpdate = z.infer<typeof resourceUpdateSchema>

// Closures

export const dateOverrideSchema = z.object({
  /** No intervals: closed that day. */
  intervals: z.array(z.object({ start: startTimeSchema, end: endTimeSchema })).max(12, 'At most 12 intervals a day')
    .superRefine((intervals, ctx) => {
      for (const issue of intervalIssues(intervals, () => 0, index => [index], interval => `${interval.start}–${interval.end}`)) ctx.addIssue({ code: 'custom', ...issue })
    })
    .transform(intervals => [...intervals].sort((left, right) => left.start.localeCompare(right.start))),
})
export type DateOverrideInput = z.infer<typeof dateOverrideSchema>

export const blockedDateSchema = z.object({
  fromDate: dateSchema,
  toDate: dateSchema,
  /** Null or absent: the whole project is closed. */
  resourceId: idSchema.nullable().default(null),
  reason: singleLineText({ max: 200, tooLong: 'Use at most 200 characters' }).default(''),
}).refine(value => value.fromDate <= value.toDate, { message: 'Must be on or after the first day', path: ['toDate'] })
export type BlockedDateInput = z.infer<typeof blockedDateSchema>

// Extras

const extraFields = {
  name: singleLineText({ min: 1, max: 120, required: 'Enter a name', tooLong: 'Use at most 120 characters' }),
  /** Minor units, in the currency of the service it is booked with. */
  priceAmount: z.number().int('Use a whole number').min(0, 'At least 0').max(100_000_000, 'Too large'),
  durationMinutes: z.number().int('Use whole minutes').min(0, 'At least 0').max(480, 'At most 480'),
  /** Empty: offered with every service. */
  serviceIds: idListSchema,
  active: z.boolean(),
}

export const extraSchema = z.object({
  ...extraFields,
  priceAmount: extraFields.priceAmount.default(0),
  durationMinutes: extraFields.durationMinutes.default(0),
  serviceIds: extraFields.serviceIds.default([]),
  active: extraFields.active.default(true),
})
export const extraUpdateSchema = z.object(extraFields).partial()

// Questions asked when booking

export const REQUIREMENT_KINDS = ['text', 'choice', 'checkbox', 'consent', 'file'] as const

const requirementFields = {
  label: singleLineText({ min: 1, max: 200, required: 'Enter the question', tooLong: 'Use at most 200 characters' }),
  kind: z.enum(REQUIREMENT_KINDS),
  /** The answers to pick from; only for `choice`. */
  options: z.array(singleLineText({ min: 1, max: 100, required: 'Enter the option', tooLong: 'Use at most 100 characters' })).max(50, 'At most 50 options')
    .refine(options => new Set(options).size === options.length, 'List each option once'),
  required: z.boolean(),
  /** Empty: asked for every service. */
  serviceIds: idListSchema,
  position: z.number().int('Use a whole number').min(0, 'At least 0').max(1000, 'At most 1000'),
}

export type RequirementRules = { kind: (typeof REQUIREMENT_KINDS)[number], options: string[] }

export function requirementRuleErrors(requirement: RequirementRules): FieldErrors {
  if (requirement.kind === 'choice' && requirement.options.length === 0) return { options: 'Add at least one option to choose from' }
  return {}
}

export const requirementSchema = z.object({
  ...requirementFields,
  options: requirementFields.options.default([]),
  required: requirementFields.required.default(false),
  serviceIds: requirementFields.serviceIds.default([]),
  position: requirementFields.position.default(0),
}).superRefine((requirement, ctx) => {
  for (const [path, message] of Object.entries(requirementRuleErrors(requirement))) ctx.addIssue({ code: 'custom', path: [path], message })
})
export const requirementUpdateSchema = z.object(requirementFields).partial()

// Coupons

export const COUPON_KINDS = ['percent', 'fixed'] as const

/** Codes are case-insensitive: stored upper-case, `spring-10` is `SPRING-10`. */
export const couponCodeSchema = z.string().trim().toUpperCase()
  .min(3, 'Use at least 3 characters').max(32, 'Use at most 32 characters')
  .regex(/^[A-Z0-9_-]+$/, 'Use letters, digits, - and _')

const instant = dateTimeText({ message: 'Use a date and time like 2026-12-24T10:00:00Z' }).transform(value => new Date(value)).nullable()

const couponFields = {
  code: couponCodeSchema,
  kind: z.enum(COUPON_KINDS),
  /** Percent (1–100) or minor units. */
  amount: z.number().int('Use a whole number').min(1, 'At least 1').max(100_000_000, 'Too large'),
  validFrom: instant,
  validUntil: instant,
  maxUses: z.number().int('Use a whole number').min(1, 'At least 1').max(1_000_000, 'Too large').nullable(),
  /** Empty: valid for every service. */
  serviceIds: idListSchema,
  onePerCustomer: z.boolean(),
  active: z.boolean(),
}

export type CouponRules = { kind: (typeof COUPON_KINDS)[number], amount: number, validFrom: Date | null, validUntil: Date | null }

export function couponRuleErrors(coupon: CouponRules): FieldErrors {
  const errors: FieldErrors = {}
  if (coupon.kind === 'percent' && coupon.amount > 100) errors.amount = 'Between 1 and 100 percent'
  if (coupon.validFrom && coupon.validUntil && coupon.validFrom >= coupon.validUntil) errors.validUntil = 'Must be after the start'
  return errors
}

export const couponSchema = z.object({
  ...couponFields,
  validFrom: couponFields.validFrom.default(null),
  validUntil: couponFields.validUntil.default(null),
  maxUses: couponFields.maxUses.default(null),
  serviceIds: couponFields.serviceIds.default([]),
  onePerCustomer: couponFields.onePerCustomer.default(false),
  active: couponFields.active.default(true),
}).superRefine((coupon, ctx) => {
  for (const [path, message] of Object.entries(couponRuleErrors(coupon))) ctx.addIssue({ code: 'custom', path: [path], message })
})
export const couponUpdateSchema = z.object(couponFields).partial()

// API keys

export const API_KEY_SCOPES = ['bookings:read', 'bookings:write', 'services:read'] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]

export const apiKeySchema = z.object({
  name: singleLineText({ min: 1, max: 100, required: 'Enter a name', tooLong: 'Use at most 100 characters' }),
  scopes: z.array(z.enum(API_KEY_SCOPES, 'Choose from the listed scopes')).min(1, 'Choose at least one scope')
    .transform(scopes => [...new Set(scopes)]),
})

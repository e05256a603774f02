import type { DbOrTx } from '@flectar/db'
import { parseInput } from '@flectar/errors'
import type { Project } from '@flectar/sites'
import type { BookingEnv } from '../booking-env'
import { createBooking, type CreateOptions } from '../create-booking'
import { cancelByToken, rescheduleByToken } from '../manage'
import { listPublicSlots, publicSlotsQuerySchema } from '../public-slots'
import { quoteBooking } from '../quote-booking'
import { adminCreateBookingSchema, cancelSchema, createBookingSchema, quoteSchema, rescheduleSchema } from '../schemas'
import { listStaffSlots, staffSlotsQuerySchema } from '../staff-slots'

// The package functions as the apps' handlers call them: the request parsed by its schema
// first, then the call. Tests send requests as a client would (bad fields included) and get
// the same 422s; async, so a bad field rejects the promise instead of throwing.

/** The site's and the admin's booking handlers: `createBookingSchema`, or `adminCreateBookingSchema` for staff. */
export async function createBookingFromRequest(db: DbOrTx, project: Project, request: unknown, env: BookingEnv, options: CreateOptions) {
  return await createBooking(db, project, parseInput(options.source === 'admin' ? adminCreateBookingSchema : createBookingSchema, request), env, options)
}

export async function quoteBookingFromRequest(db: DbOrTx, project: Pick<Project, 'id'>, request: unknown, now?: Date) {
  return await quoteBooking(db, project, parseInput(quoteSchema, request), now)
}

export async function listPublicSlotsFromRequest(db: DbOrTx, project: Pick<Project, 'id'>, query: unknown, env?: Pick<BookingEnv, 'busy' | 'now'>) {
  return await listPublicSlots(db, project, parseInput(publicSlotsQuerySchema, query), env)
}

export async function listStaffSlotsFromRequest(db: DbOrTx, project: Project, query: unknown, env: Pick<BookingEnv, 'busy' | 'now'>) {
  return await listStaffSlots(db, project, parseInput(staffSlotsQuerySchema, query), env)
}

/** The manage link's cancel: no body is an empty one. */
export async function cancelByTokenFromRequest(db: DbOrTx, token: string, request: unknown, env: BookingEnv, projectSlug?: string) {
  return await cancelByToken(db, token, parseInput(cancelSchema, request ?? {}), env, projectSlug)
}

export async function rescheduleByTokenFromRequest(db: DbOrTx, token: string, request: unknown, env: BookingEnv, projectSlug?: string) {
  return await rescheduleByToken(db, token, parseInput(rescheduleSchema, request), env, projectSlug)
}

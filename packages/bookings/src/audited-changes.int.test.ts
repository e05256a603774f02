import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@flectar/accounts'
import { auditEvents } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { changeBookingStatus } from './change-booking-status'
import {
  createApiKey, createBlockedDate, createCoupon, createExtra, createRequirement, createResource, createService, deleteBlockedDate, deleteCoupon,
  deleteDateOverride, deleteExtra, deleteRequirement, deleteResource, deleteService, reorderServices, revokeApiKey, updateCoupon, updateExtra,
  updateRequirement, updateResource, updateService, upsertDateOverride,
} from './config'
import { updateCustomer } from './listing'
import { createManageToken } from './manage-token'
import { moveBooking } from './move-booking'
import { blockedDateSchema, couponSchema, extraSchema, requirementSchema, resourceSchema, serviceSchema } from './schemas'
import { cancelByTokenFromRequest, createBookingFromRequest } from './testing/from-request'
import { bookingRequest, outboxOf, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

// Every change staff make to a project's bookings writes its audit row in the change's own
// transaction, with who made it and from where; a refused change writes none, and what a
// customer does from their manage link is not in the org's log.
describe('booking changes are audited by the package', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject
  let actor: Actor

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'audited-clinic')
    actor = { userId: clinic.editor.id, context: { ipKey: 'ip-key-of-eddie', userAgent: 'Eddie\'s browser', location: 'ES' } }
  })
  afterAll(() => database.drop())

  const rowsOfProject = async () => (await database.db.select().from(auditEvents).where(eq(auditEvents.orgId, clinic.org.id)).orderBy(asc(auditEvents.createdAt)))
    .filter(row => row.metadata.projectId === clinic.project.id)

  it('writes one row per configuration change, with the actor and the project', async () => {
    const { scope } = clinic
    const resource = await createResource(database.db, scope, parseInput(resourceSchema, { name: 'Room 1', timeZone: 'Europe/Madrid' }), actor)
    await updateResource(database.db, scope, resource.id, { name: 'Room one' }, actor)
    await upsertDateOverride(database.db, scope, resource.id, '2026-12-24', { intervals: [] }, actor)
    await deleteDateOverride(database.db, scope, resource.id, '2026-12-24', actor)
    const closure = await createBlockedDate(database.db, scope, parseInput(blockedDateSchema, { fromDate: '2026-12-25', toDate: '2026-12-26' }), actor)
    await deleteBlockedDate(database.db, scope, closure.id, actor)
    const service = await createService(database.db, scope, parseInput(serviceSchema, { name: 'Check-up', durationMinutes: 30, resourceIds: [resource.id] }), actor)
    await updateService(database.db, scope, service.id, { priceAmount: 4000 }, actor)
    await reorderServices(database.db, scope, { ids: [service.id] }, actor)
    const extra = await createExtra(database.db, scope, parseInput(extraSchema, { name: 'X-ray' }), actor)
    await updateExtra(database.db, scope, extra.id, { priceAmount: 100 }, actor)
    await deleteExtra(database.db, scope, extra.id, actor)
    const requirement = await createRequirement(database.db, scope, parseInput(requirementSchema, { label: 'Allergies?', kind: 'text' }), actor)
    await updateRequirement(database.db, scope, requirement.id, { required: true }, actor)
    await deleteRequirement(database.db, scope, requirement.id, actor)
    const coupon = await createCoupon(database.db, scope, parseInput(couponSchema, { code: 'AUDIT10', kind: 'percent', amount: 10 }), actor)
    await updateCoupon(database.db, scope, coupon.id, { amount: 15 }, actor)
    await deleteCoupon(database.db, scope, coupon.id, actor)
    const key = await createApiKey(database.db, scope, { name: 'Zapier', scopes: ['bookings:read'] }, actor)
    await revokeApiKey(database.db, scope, key.id, actor)
    await deleteService(database.db, scope, service.id, actor)
    await deleteResource(database.db, scope, resource.id, actor)

    const rows = await rowsOfProject()
    expect(rows.map(row => row.action)).toEqual([
      'booking_resource.created', 'booking_resource.updated', 'booking_date_override.set', 'booking_date_override.deleted',
      'booking_closure.created', 'booking_closure.deleted', 'booking_service.created', 'booking_service.updated', 'booking_service.reordered',
      'booking_extra.created', 'booking_extra.updated', 'booking_extra.deleted', 'booking_requirement.created', 'booking_requirement.updated',
      'booking_requirement.deleted', 'booking_coupon.created', 'booking_coupon.updated', 'booking_coupon.deleted', 'api_key.created',
      'api_key.revoked', 'booking_service.deleted', 'booking_resource.deleted',
    ])
    expect(rows.every(row => row.actorUserId === clinic.editor.id && row.ipKey === 'ip-key-of-eddie')).toBe(true)
    expect(rows.find(row => row.action === 'booking_service.updated')?.metadata).toMatchObject({ fields: ['priceAmount'] })
    // The key itself is never in the log, only the prefix lists show.
    expect(JSON.stringify(rows)).not.toContain(key.key)
  })

  it('writes nothing for a refused change', async () => {
    const before = (await rowsOfProject()).length
    const { service } = await clinic.addService()
    await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T10:00:00+01:00'), clinic.env, { source: 'site' })
    await expect(deleteService(database.db, clinic.scope, service.id, actor)).rejects.toMatchObject({ statusCode: 409 })
    await expect(updateExtra(database.db, clinic.scope, '00000000-0000-4000-8000-000000000000', { name: 'Ghost' }, actor)).rejects.toMatchObject({ statusCode: 404 })
    // A visitor's booking is not an org member's change either.
    expect((await rowsOfProject()).length).toBe(before)
  })

  it('audits staff bookings, moves, status changes and customer notes; not the customer\'s own cancellation', async () => {
    const { service } = await clinic.addService()
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-09T10:00:00+01:00'), clinic.env, { source: 'admin', actor })
    const moved = await moveBooking(database.db, clinic.project, booking, new Date('2026-12-09T11:00:00+01:00'), clinic.env, { by: actor })
    await updateCustomer(database.db, clinic.scope, booking.customerId!, { notes: 'Prefers mornings' }, actor)
    await changeBookingStatus(database.db, clinic.project, moved.id, 'cancel', clinic.env, { by: actor, reason: 'Asked by phone' })
    const { booking: own } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-10T10:00:00+01:00'), clinic.env, { source: 'site' })
    await cancelByTokenFromRequest(database.db, createManageToken(clinic.env.secret, own.id), {}, clinic.env)

    const rows = (await rowsOfProject()).filter(row => row.targetType === 'booking' || row.targetType === 'customer')
    expect(rows.map(row => [row.action, row.targetId])).toEqual([
      ['booking.created', booking.id], ['booking.moved', booking.id], ['customer.updated', booking.customerId], ['booking.cancel', booking.id],
    ])
    expect(rows[1]!.metadata).toMatchObject({ from: '2026-12-09T09:00:00.000Z', to: '2026-12-09T10:00:00.000Z' })
    expect(rows[2]!.metadata).toMatchObject({ fields: ['notes'] })
  })

  it('emails the customer about a staff move only when staff choose to, and logs which', async () => {
    const { service } = await clinic.addService()
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-11T10:00:00+01:00'), clinic.env, { source: 'admin', actor })
    const rescheduledEmails = async () => (await outboxOf(database.db, clinic.project.id)).filter(message => message.template === 'bookings.rescheduled').length
    const before = await rescheduledEmails()
    const quiet = await moveBooking(database.db, clinic.project, booking, new Date('2026-12-11T11:00:00+01:00'), clinic.env, { by: actor, notifyCustomer: false })
    expect(await rescheduledEmails()).toBe(before)
    await moveBooking(database.db, clinic.project, quiet, new Date('2026-12-11T12:00:00+01:00'), clinic.env, { by: actor })
    expect(await rescheduledEmails()).toBe(before + 1)

    const moves = (await rowsOfProject()).filter(row => row.action === 'booking.moved' && row.targetId === booking.id)
    expect(moves.map(row => row.metadata.customerNotified)).toEqual([false, true])
  })
})

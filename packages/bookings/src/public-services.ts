import { and, asc, eq, sql } from 'drizzle-orm'
import { bookingExtras, bookingRequirements, bookingServices, type DbOrTx } from '@flectar/db'

const appliesTo = (serviceIds: string[], serviceId: string) => serviceIds.length === 0 || serviceIds.includes(serviceId)

/**
 * The project's bookable services as the public API and the booking flow show them: with
 * the extras offered and the questions asked for each. Three queries whatever the size.
 */
export async function listPublicServices(db: DbOrTx, projectId: string) {
  const [services, extras, requirements] = await Promise.all([
    db.select().from(bookingServices)
      .where(and(eq(bookingServices.projectId, projectId), eq(bookingServices.active, true),
        sql`exists (select 1 from booking_service_resources sr join booking_resources r on r.id = sr.resource_id where sr.service_id = ${bookingServices.id} and r.active)`))
      .orderBy(asc(bookingServices.position), asc(bookingServices.name)),
    db.select().from(bookingExtras).where(and(eq(bookingExtras.projectId, projectId), eq(bookingExtras.active, true))).orderBy(asc(bookingExtras.name)),
    db.select().from(bookingRequirements).where(eq(bookingRequirements.projectId, projectId)).orderBy(asc(bookingRequirements.position), asc(bookingRequirements.createdAt)),
  ])
  return services.map(service => ({
    id: service.id,
    name: service.name,
    description: service.description,
    durationMinutes: service.durationMinutes,
    price: { amount: service.priceAmount, currency: service.currency },
    capacity: service.capacity,
    requiresConfirmation: service.requiresConfirmation,
    deposit: service.depositKind === 'none' ? null : { kind: service.depositKind, value: service.depositValue },
    cancellationWindowHours: service.cancellationWindowHours,
    extras: extras.filter(extra => appliesTo(extra.serviceIds, service.id))
      .map(extra => ({ id: extra.id, name: extra.name, durationMinutes: extra.durationMinutes, price: { amount: extra.priceAmount, currency: service.currency } })),
    requirements: requirements.filter(requirement => appliesTo(requirement.serviceIds, service.id))
      .map(requirement => ({ id: requirement.id, label: requirement.label, kind: requirement.kind, options: requirement.options, required: requirement.required })),
  }))
}
export type PublicService = Awaited<ReturnType<typeof listPublicServices>>[number]

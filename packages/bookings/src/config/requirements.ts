import { and, asc, eq } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import type { z } from 'zod'
import { isUuid } from '@flectar/validation'
import { bookingRequirements, type DbOrTx } from '@flectar/db'
import { InvalidInputError, NotFoundError } from '@flectar/errors'
import { auditProjectChange, requireProject, type ProjectScope } from '@flectar/sites'
import { requirementRuleErrors, type RequirementRules, type requirementSchema, type requirementUpdateSchema } from './schemas'
import { assertProjectServices, definedOnly } from './shared'

const requirementColumns = {
  id: bookingRequirements.id,
  label: bookingRequirements.label,
  kind: bookingRequirements.kind,
  options: bookingRequirements.options,
  required: bookingRequirements.required,
  serviceIds: bookingRequirements.serviceIds,
  position: bookingRequirements.position,
  createdAt: bookingRequirements.createdAt,
}

function ofRequirement(scope: ProjectScope, requirementId: string) {
  return and(eq(bookingRequirements.id, requirementId), eq(bookingRequirements.projectId, scope.projectId), eq(bookingRequirements.orgId, scope.orgId))
}

/** Options only mean something for a choice; other kinds keep none. */
function withOptionsFor<T extends Partial<RequirementRules>>(requirement: T): T {
  return requirement.kind && requirement.kind !== 'choice' ? { ...requirement, options: [] } : requirement
}

export async function listRequirements(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  return await db.select(requirementColumns).from(bookingRequirements)
    .where(and(eq(bookingRequirements.projectId, scope.projectId), eq(bookingRequirements.orgId, scope.orgId)))
    .orderBy(asc(bookingRequirements.position), asc(bookingRequirements.createdAt))
}

/** Audited `booking_requirement.created`. */
export async function createRequirement(db: DbOrTx, scope: ProjectScope, input: z.infer<typeof requirementSchema>, actor: Actor) {
  await requireProject(db, scope)
  await assertProjectServices(db, scope, input.serviceIds, 'serviceIds')
  return await db.transaction(async (tx) => {
    const [requirement] = await tx.insert(bookingRequirements).values({ ...withOptionsFor(input), orgId: scope.orgId, projectId: scope.projectId }).returning(requirementColumns)
    await auditProjectChange(tx, actor, scope, { action: 'booking_requirement.created', targetType: 'booking_requirement', targetId: requirement!.id, metadata: { label: requirement!.label, kind: requirement!.kind } })
    return requirement!
  })
}

/** Changes the fields sent (audited `booking_requirement.updated`). */
export async function updateRequirement(db: DbOrTx, scope: ProjectScope, requirementId: string, changes: z.infer<typeof requirementUpdateSchema>, actor: Actor) {
  await requireProject(db, scope)
  if (!isUuid(requirementId)) throw new NotFoundError('Question not found.')
  const [existing] = await db.select(requirementColumns).from(bookingRequirements).where(ofRequirement(scope, requirementId))
  if (!existing) throw new NotFoundError('Question not found.')
  const values = withOptionsFor({ ...definedOnly(changes), kind: changes.kind ?? existing.kind })
  const errors = requirementRuleErrors({ kind: values.kind, options: values.options ?? existing.options })
  if (Object.keys(errors).length > 0) throw new InvalidInputError(errors)
  if (values.serviceIds) await assertProjectServices(db, scope, values.serviceIds, 'serviceIds')
  return await db.transaction(async (tx) => {
    const [requirement] = await tx.update(bookingRequirements).set(values).where(ofRequirement(scope, requirementId)).returning(requirementColumns)
    if (!requirement) throw new NotFoundError('Question not found.')
    await auditProjectChange(tx, actor, scope, { action: 'booking_requirement.updated', targetType: 'booking_requirement', targetId: requirement.id, metadata: { fields: Object.keys(definedOnly(changes)) } })
    return requirement
  })
}

/** Bookings keep the question and answer as asked, so deleting one rewrites no history. Audited `booking_requirement.deleted`. */
export async function deleteRequirement(db: DbOrTx, scope: ProjectScope, requirementId: string, actor: Actor) {
  await requireProject(db, scope)
  if (!isUuid(requirementId)) throw new NotFoundError('Question not found.')
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(bookingRequirements).where(ofRequirement(scope, requirementId)).returning({ id: bookingRequirements.id, label: bookingRequirements.label })
    if (!deleted) throw new NotFoundError('Question not found.')
    await auditProjectChange(tx, actor, scope, { action: 'booking_requirement.deleted', targetType: 'booking_requirement', targetId: deleted.id, metadata: { label: deleted.label } })
  })
}

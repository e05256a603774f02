import { and, asc, eq } from 'drizzle-orm'
import type { z } from 'zod'
import { isUuid } from '@flectar/validation'
import { bookingRequirements, type DbOrTx } from '@flectar/db'
import { InvalidInputError, NotFoundError } from '@flectar/errors'
import { requireProject, type ProjectScope } from '@flectar/sites'
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

export async function createRequirement(db: DbOrTx, scope: ProjectScope, input: z.infer<typeof requirementSchema>) {
  await requireProject(db, scope)
  await assertProjectServices(db, scope, input.serviceIds, 'serviceIds')
  const [requirement] = await db.insert(bookingRequirements).values({ ...withOptionsFor(input), orgId: scope.orgId, projectId: scope.projectId }).returning(requirementColumns)
  return requirement!
}

export async function updateRequirement(db: DbOrTx, scope: ProjectScope, requirementId: string, changes: z.infer<typeof requirementUpdateSchema>) {
  await requireProject(db, scope)
  if (!isUuid(requirementId)) throw new NotFoundError('Question not found.')
  const [existing] = await db.select(requirementColumns).from(bookingRequirements).where(ofRequirement(scope, requirementId))
  if (!existing) throw new NotFoundError('Question not found.')
  const values = withOptionsFor({ ...definedOnly(changes), kind: changes.kind ?? existing.kind })
  const errors = requirementRuleErrors({ kind: values.kind, options: values.options ?? existing.options })
  if (Object.keys(errors).length > 0) throw new InvalidInputError(errors)
  if (values.serviceIds) await assertProjectServices(db, scope, values.serviceIds, 'serviceIds')
  const [requirement] = await db.update(bookingRequirements).set(values).where(ofRequirement(scope, requirementId)).returning(requirementColumns)
  if (!requirement) throw new NotFoundError('Question not found.')
  return requirement
}

/** Bookings keep the question and answer as asked, so deleting one rewrites no history. */
export async function deleteRequirement(db: DbOrTx, scope: ProjectScope, requirementId: string) {
  await requireProject(db, scope)
  const deleted = isUuid(requirementId) ? await db.delete(bookingRequirements).where(ofRequirement(scope, requirementId)).returning({ id: bookingRequirements.id }) : []
  if (deleted.length === 0) throw new NotFoundError('Question not found.')
}

import { and, asc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { isUuid, singleLineText } from '@flectar/validation'
import { bookingRequirements, type DbOrTx } from '@flectar/db'
import { InvalidInputError, NotFoundError, type FieldErrors } from '@flectar/errors'
import { requireProject, type ProjectScope } from '@flectar/sites'
import { assertProjectServices, definedOnly, idListSchema } from './shared'

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

type RequirementRules = { kind: (typeof REQUIREMENT_KINDS)[number], options: string[] }

function requirementRuleErrors(requirement: RequirementRules): FieldErrors {
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

import { and, asc, eq, sql } from 'drizzle-orm'
import { bookingRequirements, type BookingAnswer, type DbOrTx } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import { findBookingUploads, type ProjectScope } from '@flectar/sites'

/** How long a visitor's uploaded file can be attached to a booking. */
export const FILE_ANSWER_MAX_AGE_MS = 24 * 60 * 60_000

export interface CheckAnswersOptions {
  now?: Date
  /** Staff booking on the phone cannot upload: a required file may be missing then. */
  byStaff?: boolean
}

/**
 * The answers to this service's requirements, checked against each question's kind. A
 * `file` answer is the id of a file a visitor uploaded to this project in the last 24 hours.
 */
export async function checkAnswers(db: DbOrTx, scope: ProjectScope, serviceId: string, given: Record<string, unknown>, options: CheckAnswersOptions = {}): Promise<BookingAnswer[]> {
  const requirements = await db.select().from(bookingRequirements)
    .where(and(eq(bookingRequirements.projectId, scope.projectId), sql`(cardinality(${bookingRequirements.serviceIds}) = 0 or ${serviceId} = any(${bookingRequirements.serviceIds}))`))
    .orderBy(asc(bookingRequirements.position))
  const fileIds = requirements.filter(requirement => requirement.kind === 'file').map(requirement => given[requirement.id])
  const uploads = await findBookingUploads(db, scope, fileIds, new Date((options.now ?? new Date()).getTime() - FILE_ANSWER_MAX_AGE_MS))
  const fields: Record<string, string> = {}
  const answers: BookingAnswer[] = []
  for (const requirement of requirements) {
    const raw = given[requirement.id]
    // Stored as the database writes uuids, so staff screens find the file by it.
    const value = requirement.kind === 'file' && typeof raw === 'string' ? raw.toLowerCase() : raw
    const problem = answerProblem(options.byStaff && requirement.kind === 'file' ? { ...requirement, required: false } : requirement, value, uploads)
    if (problem) fields[`answers.${requirement.id}`] = problem
    else if (!isEmptyAnswer(value)) answers.push({ requirementId: requirement.id, label: requirement.label, kind: requirement.kind, value: value as BookingAnswer['value'] })
  }
  for (const id of Object.keys(given)) if (!requirements.some(requirement => requirement.id === id)) fields[`answers.${id}`] = 'is not a question of this service'
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields)
  return answers
}

const isEmptyAnswer = (value: unknown) => value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0)

function answerProblem(requirement: typeof bookingRequirements.$inferSelect, value: unknown, uploads: ReadonlySet<string>): string | undefined {
  if (isEmptyAnswer(value)) return requirement.required ? (requirement.kind === 'consent' ? 'must be accepted' : 'is required') : undefined
  switch (requirement.kind) {
    case 'text': return typeof value === 'string' ? undefined : 'must be text'
    case 'file': return typeof value === 'string' && uploads.has(value) ? undefined : 'must be a file uploaded for this booking'
    case 'checkbox':
    case 'consent': return typeof value === 'boolean' ? undefined : 'must be true or false'
    case 'choice': {
      const chosen = Array.isArray(value) ? value : [value]
      return chosen.every(option => typeof option === 'string' && requirement.options.includes(option)) ? undefined : 'must be one of the offered options'
    }
  }
}

/** Whether any of the project's questions asks for a file: only then does its site take uploads. */
export async function asksForFiles(db: DbOrTx, projectId: string): Promise<boolean> {
  const [row] = await db.select({ id: bookingRequirements.id }).from(bookingRequirements)
    .where(and(eq(bookingRequirements.projectId, projectId), eq(bookingRequirements.kind, 'file'))).limit(1)
  return row !== undefined
}

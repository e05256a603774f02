import { InvalidInputError, type FieldErrors } from './app-error'

interface ZodLikeIssue {
  path: PropertyKey[]
  message: string
}

/** Field path -> first message, from zod issues (`customer.email`, `answers.0`). */
export function fieldErrorsFromIssues(issues: readonly ZodLikeIssue[]): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_'
    fields[key] ??= issue.message
  }
  return fields
}

/** Parses `input` with a zod schema, throwing a 422 with field-level messages on failure. */
export function parseInput<T>(schema: { safeParse: (input: unknown) => { success: true, data: T } | { success: false, error: { issues: readonly ZodLikeIssue[] } } }, input: unknown): T {
  const result = schema.safeParse(input)
  if (!result.success) throw new InvalidInputError(fieldErrorsFromIssues(result.error.issues))
  return result.data
}

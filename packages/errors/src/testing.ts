import { InvalidInputError, type FieldErrors } from './app-error'

/**
 * For tests: the field errors of the 422 `run` fails with. Resolving, or failing with
 * anything else (a database error that would have been a 500), throws.
 */
export async function invalidFieldsOf(run: () => unknown): Promise<FieldErrors> {
  const outcome = await Promise.resolve().then(run).then(value => ({ value }), (error: unknown) => ({ error }))
  if (!('error' in outcome)) throw new Error(`expected a 422, got ${JSON.stringify(outcome.value)}`)
  if (!(outcome.error instanceof InvalidInputError)) throw outcome.error
  return outcome.error.data.fields ?? {}
}

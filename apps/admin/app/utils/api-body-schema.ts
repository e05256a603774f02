import { z } from 'zod'

/**
 * A UForm schema for a form whose state is not what it sends (money in major units, "any"
 * for no resource): it checks `toBody(state)`, the very body the form posts, against the
 * API's own schema, so the form shows the API's messages under the API's field names.
 */
export function apiBodySchema<State, Schema extends z.ZodType>(toBody: (state: State) => z.input<Schema>, schema: Schema) {
  return z.preprocess(state => toBody(state as State), schema)
}

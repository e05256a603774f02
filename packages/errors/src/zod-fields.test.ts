import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { InvalidInputError } from './app-error'
import { parseInput } from './zod-fields'

describe('parseInput', () => {
  const schema = z.object({ email: z.email('Enter a valid email'), customer: z.object({ name: z.string().min(1, 'Required') }) })

  it('returns the parsed value', () => {
    expect(parseInput(schema, { email: 'a@b.co', customer: { name: 'Ana' } })).toEqual({ email: 'a@b.co', customer: { name: 'Ana' } })
  })

  it('throws a 422 with a message per field path', () => {
    let error: unknown
    try {
      parseInput(schema, { email: 'nope', customer: { name: '' } })
    }
    catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InvalidInputError)
    expect((error as InvalidInputError).statusCode).toBe(422)
    expect((error as InvalidInputError).data).toEqual({
      code: 'invalid_input',
      fields: { 'email': 'Enter a valid email', 'customer.name': 'Required' },
    })
  })
})

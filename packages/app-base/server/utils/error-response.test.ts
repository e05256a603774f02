import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '@flectar/errors'
import { toErrorResponse } from './error-response'

/** An error as postgres.js throws it, wrapped as Drizzle and h3 wrap it. */
function wrapped(code: string) {
  const driver = Object.assign(new Error('write CONNECTION_CLOSED localhost:5432'), { code })
  const drizzle = Object.assign(new Error('Failed query: select 1'), { cause: driver })
  return Object.assign(new Error('h3'), { statusCode: 500, cause: drizzle })
}

describe('the error answer when the database is out of reach', () => {
  it('is a 503 with Retry-After, saying nothing changed, for a connection closed, refused or a server shutting down', () => {
    for (const code of ['CONNECTION_CLOSED', 'ECONNREFUSED', 'CONNECT_TIMEOUT', '57P01', '53300']) {
      const answer = toErrorResponse(wrapped(code), 'req-1')
      expect(answer.status, code).toBe(503)
      expect(answer.headers['retry-after']).toBe('5')
      expect(answer.body.error).toEqual({ code: 'service_unavailable', message: expect.stringContaining('Nothing was changed'), requestId: 'req-1' })
      expect(JSON.stringify(answer.body)).not.toContain('localhost:5432')
    }
  })

  it('stays a 500 for a query PostgreSQL refused, and domain errors keep their own status', () => {
    expect(toErrorResponse(wrapped('23505'), 'req-2').status).toBe(500)
    expect(toErrorResponse(new Error('boom'), 'req-3')).toMatchObject({ status: 500, body: { error: { code: 'internal_error' } } })
    expect(toErrorResponse(new InvalidInputError({ name: 'is required' }), 'req-4').status).toBe(422)
  })
})

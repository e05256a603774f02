import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '@flectar/security'
import { users } from './schema'
import { createTestDatabase } from './testing'

// P10: a failed query is logged by its statement and error code, never the values bound to it.
describe('a failed query in the logs', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database?.drop()
  })

  it('shows the statement and the error code, not the names and emails it was given', async () => {
    const person = { email: 'ana.private@example.com', name: 'Ana Privada', surname: 'Secretísima' }
    await database.db.insert(users).values(person)
    const error = await database.db.insert(users).values(person).then(() => undefined, (failure: unknown) => failure)
    expect(error).toBeInstanceOf(Error)
    // What an unredacted log line would have carried.
    expect(`${(error as Error).message} ${JSON.stringify((error as { cause?: unknown }).cause)}`).toContain('ana.private@example.com')

    const lines: string[] = []
    createLogger({ name: 'test', write: line => lines.push(line) }).error('Unhandled error', { error })
    const [line] = lines
    expect(line).toContain('insert into \\"users\\"')
    expect(line).toContain('"code":"23505"')
    for (const value of [person.email, person.name, person.surname]) expect(line).not.toContain(value)
  })
})

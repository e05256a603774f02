import { inject } from 'vitest'
import { createDb } from '../client'
import { createDatabase, dropDatabase, uniqueDatabaseName } from './create-database'
import './provided-context'

export { createDatabase, dropDatabase, uniqueDatabaseName, withDatabase } from './create-database'
export { startTestPostgres, type TestPostgres } from './test-server'

/**
 * A database of this test file's own, copied from the run's freshly migrated template.
 * Call in `beforeAll`; `drop()` in `afterAll`.
 */
export async function createTestDatabase() {
  const adminUrl = inject('databaseAdminUrl')
  const name = uniqueDatabaseName('flectar_test')
  const url = await createDatabase(adminUrl, name, inject('databaseTemplate'))
  const connection = createDb(url, { max: 4 })
  return {
    ...connection,
    url,
    adminUrl,
    drop: async () => {
      await connection.close()
      await dropDatabase(adminUrl, name)
    },
  }
}

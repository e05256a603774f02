import type { TestProject } from 'vitest/node'
import { runMigrations } from '../migrate'
import { createDatabase, dropDatabase, uniqueDatabaseName } from './create-database'
import { startTestPostgres } from './test-server'
import './provided-context'

/**
 * Vitest global setup for integration tests: one PostgreSQL for the run and one freshly
 * migrated template database that each test file copies (see `createTestDatabase`).
 */
export default async function setup(project: TestProject) {
  const server = await startTestPostgres()
  const template = uniqueDatabaseName('flectar_template')
  const templateUrl = await createDatabase(server.adminUrl, template)
  await runMigrations(templateUrl)
  project.provide('databaseAdminUrl', server.adminUrl)
  project.provide('databaseTemplate', template)
  return async () => {
    await dropDatabase(server.adminUrl, template)
    await server.stop()
  }
}

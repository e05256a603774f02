import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { invalidFieldsOf } from '@flectar/errors/testing'
import { getDashboard } from './get-dashboard'
import { dashboardQuerySchema } from './range'

// Issue 11, finding 9: range=custom&from=0001-01-01&to=9999-12-31 put the previous period
// before the dates PostgreSQL holds (500); a NUL in a filter reached the query (500).
let database: Awaited<ReturnType<typeof createTestDatabase>>
const orgId = randomUUID()
const projectId = randomUUID()
const NUL = JSON.parse('"\\u0000"') as string

beforeAll(async () => {
  database = await createTestDatabase()
  await database.db.insert(organizations).values({ id: orgId, name: 'Ranges', slug: `ranges-${orgId.slice(0, 8)}` })
  await database.db.insert(projects).values({ id: projectId, orgId, name: 'Ranges site', slug: `ranges-site-${orgId.slice(0, 8)}`, modules: ['analytics'] })
})
afterAll(async () => {
  await database?.drop()
})

describe('dashboard ranges', () => {
  const scope = { orgId, projectId }

  it('refuses custom ranges outside the years 1900–2200 with a 422', async () => {
    expect(await invalidFieldsOf(async () => getDashboard(database.db, scope, parseInput(dashboardQuerySchema, { range: 'custom', from: '0001-01-01', to: '9999-12-31' }))))
      .toEqual({ from: 'Use a year between 1900 and 2200', to: 'Use a year between 1900 and 2200' })
    expect(await invalidFieldsOf(async () => getDashboard(database.db, scope, parseInput(dashboardQuerySchema, { range: 'custom', from: '2026-01-01', to: '99999-01-01' })))).toHaveProperty('to')
  })

  it('refuses a NUL in a filter', async () => {
    expect(await invalidFieldsOf(async () => getDashboard(database.db, scope, parseInput(dashboardQuerySchema, { range: '30d', path: `/${NUL}` })))).toHaveProperty('path')
  })

  it('answers the widest range it accepts', async () => {
    const dashboard = await getDashboard(database.db, scope, parseInput(dashboardQuerySchema, { range: 'custom', from: '1900-01-01', to: '2200-12-31' }))
    expect(dashboard.range.from.slice(0, 4)).toBe('1900')
  })
})

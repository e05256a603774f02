import { dashboardQuerySchema, getDashboard } from '@flectar/analytics'
import { parseInput } from '@flectar/errors'

// The analytics dashboard of one project: totals, the previous period, series and breakdowns.
export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  const query = parseInput(dashboardQuerySchema, getQuery(event))
  return await getDashboard(useDatabase().db, scope, query)
})

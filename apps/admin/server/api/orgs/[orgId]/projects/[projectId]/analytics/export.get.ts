import { dashboardCsv, dashboardQuerySchema, getDashboard } from '@flectar/analytics'
import { parseInput } from '@flectar/errors'

// The dashboard as it is filtered, as a CSV download.
export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  const query = parseInput(dashboardQuerySchema, getQuery(event))
  const dashboard = await getDashboard(useDatabase().db, scope, query)
  setResponseHeaders(event, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="analytics-${dashboard.range.from.slice(0, 10)}-${dashboard.range.to.slice(0, 10)}.csv"`,
    'cache-control': 'no-store',
  })
  return dashboardCsv(dashboard)
})

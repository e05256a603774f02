import { pingDatabase } from '@flectar/db'

// Load balancers and `pnpm dev` poll this: 200 once PostgreSQL answers, 503 until then.
export default defineEventHandler(async (event) => {
  const healthy = await pingDatabase(useDatabase().sql)
  setResponseHeader(event, 'cache-control', 'no-store')
  setResponseStatus(event, healthy ? 200 : 503)
  return { status: healthy ? 'ok' : 'unavailable' }
})

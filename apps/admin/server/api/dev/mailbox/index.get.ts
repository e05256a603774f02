import { devMailboxQuerySchema, listDevMailbox } from '@flectar/messaging'
import { parseInput } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  requireDevMailbox()
  const { to } = parseInput(devMailboxQuerySchema, getQuery(event))
  return { data: await listDevMailbox(useDatabase().db, { to: to || undefined, limit: 100 }) }
})

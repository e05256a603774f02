import { z } from 'zod'
import { listDevMailbox } from '@flectar/messaging'
import { parseInput } from '@flectar/errors'

const querySchema = z.object({ to: z.string().trim().max(254).optional() })

export default defineEventHandler(async (event) => {
  requireDevMailbox()
  const { to } = parseInput(querySchema, getQuery(event))
  return { data: await listDevMailbox(useDatabase().db, { to: to || undefined, limit: 100 }) }
})

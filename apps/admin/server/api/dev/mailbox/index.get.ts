import { z } from 'zod'
import { listDevMailbox } from '@flectar/messaging'
import { parseInput } from '@flectar/errors'
import { singleLineText } from '@flectar/validation'

const querySchema = z.object({ to: singleLineText({ max: 254 }).optional() })

export default defineEventHandler(async (event) => {
  requireDevMailbox()
  const { to } = parseInput(querySchema, getQuery(event))
  return { data: await listDevMailbox(useDatabase().db, { to: to || undefined, limit: 100 }) }
})

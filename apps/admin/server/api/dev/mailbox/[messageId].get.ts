import { getOutboxMessage } from '@flectar/messaging'
import { NotFoundError } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  requireDevMailbox()
  // Any id that is not one is simply not found.
  const message = await getOutboxMessage(useDatabase().db, getRouterParam(event, 'messageId') ?? '')
  if (!message) throw new NotFoundError('Message not found.')
  return message
})

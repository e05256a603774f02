import { getOutboxMessage } from '@flectar/messaging'
import { NotFoundError } from '@flectar/errors'

export default defineEventHandler(async (event) => {
  requireDevMailbox()
  const messageId = getRouterParam(event, 'messageId')
  if (!isUuidParam(messageId)) throw new NotFoundError('Message not found.')
  const message = await getOutboxMessage(useDatabase().db, messageId)
  if (!message) throw new NotFoundError('Message not found.')
  return message
})

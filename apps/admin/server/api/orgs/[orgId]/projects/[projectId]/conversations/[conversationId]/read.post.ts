import { markConversationRead } from '@flectar/messaging'

// Opening a conversation reads it: the unread count goes to 0 for everyone (a shared inbox).
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return await markConversationRead(db, scope, requireIdParam(event, 'conversationId'))
})

import { getConversation } from '@flectar/messaging'

export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return await getConversation(db, scope, requireIdParam(event, 'conversationId'))
})

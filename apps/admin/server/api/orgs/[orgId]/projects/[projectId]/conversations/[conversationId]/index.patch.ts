import { parseInput } from '@flectar/errors'
import { updateConversation, updateConversationSchema } from '@flectar/messaging'
import { auditProjectChange } from '@flectar/sites'

// Close, snooze, reopen or assign: editors and up, audited with what changed.
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const conversationId = requireIdParam(event, 'conversationId')
  const input = parseInput(updateConversationSchema, await readBody(event))
  return await db.transaction(async (tx) => {
    const updated = await updateConversation(tx, scope, conversationId, input)
    await auditProjectChange(tx, actor, scope, { action: 'conversation.updated', targetType: 'conversation', targetId: conversationId, metadata: { ...input } })
    return updated
  })
})

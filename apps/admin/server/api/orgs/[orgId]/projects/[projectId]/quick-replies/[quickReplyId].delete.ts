import { deleteQuickReply } from '@flectar/messaging'
import { auditProjectChange } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const quickReplyId = requireIdParam(event, 'quickReplyId')
  return await db.transaction(async (tx) => {
    const deleted = await deleteQuickReply(tx, scope, quickReplyId)
    await auditProjectChange(tx, actor, scope, { action: 'quick_reply.deleted', targetType: 'quick_reply', targetId: deleted.id, metadata: { title: deleted.title } })
    return deleted
  })
})

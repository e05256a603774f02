import { parseInput } from '@flectar/errors'
import { createQuickReply, quickReplySchema } from '@flectar/messaging'
import { auditProjectChange } from '@flectar/sites'

export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const input = parseInput(quickReplySchema, await readBody(event))
  const created = await db.transaction(async (tx) => {
    const row = await createQuickReply(tx, scope, input)
    await auditProjectChange(tx, actor, scope, { action: 'quick_reply.created', targetType: 'quick_reply', targetId: row.id, metadata: { title: row.title } })
    return row
  })
  setResponseStatus(event, 201)
  return created
})

import { parseInput } from '@flectar/errors'
import { addConversationNote, noteSchema } from '@flectar/messaging'
import { auditProjectChange } from '@flectar/sites'

// An internal note on the thread: members see it, the customer never does.
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const conversationId = requireIdParam(event, 'conversationId')
  const input = parseInput(noteSchema, await readBody(event))
  const note = await db.transaction(async (tx) => {
    const added = await addConversationNote(tx, scope, conversationId, input, { userId: actor.userId! })
    await auditProjectChange(tx, actor, scope, { action: 'conversation.note_added', targetType: 'conversation', targetId: conversationId })
    return added
  })
  setResponseStatus(event, 201)
  return note
})

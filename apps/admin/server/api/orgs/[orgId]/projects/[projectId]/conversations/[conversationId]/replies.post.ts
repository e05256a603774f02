import { parseInput } from '@flectar/errors'
import { replySchema, sendConversationReply } from '@flectar/messaging'
import { auditProjectChange } from '@flectar/sites'

/**
 * A member's reply on email, SMS or WhatsApp: queued in the outbox with its message in the thread,
 * in one transaction; 409 when it cannot reach the customer (no address, an opt-out, WhatsApp's
 * closed window). Audited by channel, never with the text.
 */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'editor')
  const conversationId = requireIdParam(event, 'conversationId')
  const input = parseInput(replySchema, await readBody(event))
  const message = await db.transaction(async (tx) => {
    const sent = await sendConversationReply(tx, scope, conversationId, input, { userId: actor.userId! }, { inboundEmailDomain: useServerConfig().INBOUND_EMAIL_DOMAIN })
    await auditProjectChange(tx, actor, scope, { action: 'conversation.replied', targetType: 'conversation', targetId: conversationId, metadata: { channel: input.channel, template: input.template?.name ?? null } })
    return sent
  })
  setResponseStatus(event, 201)
  return message
})

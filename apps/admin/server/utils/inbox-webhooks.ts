import type { DbOrTx } from '@flectar/db'
import type { ProjectScope, RecordedInbound } from '@flectar/messaging'
import { notifyOwnersOfMessage } from '@flectar/sites'

/** The inbox on one conversation, as owners' notices link to it. */
export function inboxConversationUrl(projectId: string, conversationId: string): string {
  return `${useServerConfig().ADMIN_URL.replace(/\/+$/, '')}/inbox?project=${projectId}&conversation=${conversationId}`
}

/** What each inbound webhook runs in the transaction that files a new message: the owners' notice. */
export function notifyOwnersOn(channel: 'email' | 'sms' | 'whatsapp') {
  return (tx: DbOrTx, recorded: RecordedInbound & ProjectScope) => notifyOwnersOfMessage(tx, recorded, channel, inboxConversationUrl(recorded.projectId, recorded.conversationId))
}

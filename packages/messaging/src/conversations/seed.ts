import { eq } from 'drizzle-orm'
import { conversationMessages, conversations, type DbOrTx } from '@flectar/db'
import type { ProjectScope } from './customers'
import { recordInboundMessage } from './record-inbound'

const HOUR = 3_600_000

/**
 * A few conversations for the demo inbox, so it is not empty on first run: a contact-form
 * question already answered by email, a text from a customer without email, and a WhatsApp
 * message still unread. Call it inside the demo seed's transaction.
 */
export async function seedDemoConversations(tx: DbOrTx, scope: ProjectScope, ownerId: string | null, now = new Date()) {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR)
  const lucia = await recordInboundMessage(tx, scope, {
    channel: 'form', from: { name: 'Lucía Martín', email: 'lucia.martin@example.com', phone: '+34600100201' },
    body: 'Hi! Do you do balayage on curly hair, and how long does it take?', fields: { name: 'Lucía Martín', email: 'lucia.martin@example.com', message: 'Hi! Do you do balayage on curly hair, and how long does it take?', page: '/contact' }, receivedAt: at(30),
  })
  await tx.insert(conversationMessages).values({
    ...scope, conversationId: lucia.conversationId, direction: 'outbound', channel: 'email', status: 'delivered', subject: 'Re: Balayage on curly hair',
    body: 'Hi Lucía, we do! Plan about three hours; Ana specialises in curls. You can book online or reply here.', authorUserId: ownerId, createdAt: at(28),
  })
  await tx.update(conversations).set({ unreadCount: 0, lastMessageAt: at(28), lastMessagePreview: 'Hi Lucía, we do! Plan about three hours; Ana specialises in curls.' }).where(eq(conversations.id, lucia.conversationId))
  await recordInboundMessage(tx, scope, { channel: 'sms', from: { name: 'Sam Okafor', phone: '+34600100204' }, body: 'Running 10 min late for my 16:00, sorry!', providerMessageId: 'SMdemo0000000000000000000000000001', receivedAt: at(3) })
  await recordInboundMessage(tx, scope, { channel: 'whatsapp', from: { name: 'Inés García', phone: '+34600100203' }, body: '¿Tenéis hueco el sábado por la mañana?', providerMessageId: 'wamid.demo1', receivedAt: at(1) })
}

import { and, eq, sql } from 'drizzle-orm'
import { conversationMessages, messagingOptOuts, messagingWebhookDeliveries, type Db, type DbOrTx } from '@flectar/db'

export type OutboundStatus = 'sent' | 'delivered' | 'read' | 'failed'
type Channel = 'email' | 'sms' | 'whatsapp'

/**
 * Runs `apply` once per provider delivery id, in one transaction with the record that it ran:
 * a webhook delivered twice (providers retry until they see a 2xx) changes nothing the second
 * time. Returns false for a replay.
 */
export async function oncePerDelivery(db: Db, provider: string, deliveryId: string, apply: (tx: DbOrTx) => Promise<void>): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const [taken] = await tx.insert(messagingWebhookDeliveries).values({ provider, deliveryId }).onConflictDoNothing().returning({ id: messagingWebhookDeliveries.deliveryId })
    if (!taken) return false
    await apply(tx)
    return true
  })
}

/**
 * A provider's news about one of our messages, found by its provider id. Statuses only move
 * forward (queued → sent → delivered → read); `failed` is final and keeps its reason, and an
 * update arriving out of order (WhatsApp may send `delivered` after `read`) is ignored.
 * Returns whether the message changed.
 */
export async function updateMessageStatus(tx: DbOrTx, channel: Channel, providerMessageId: string, status: OutboundStatus, error?: string | null): Promise<boolean> {
  const rank = sql`case ${conversationMessages.status} when 'queued' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 else 4 end`
  const nextRank = { sent: 1, delivered: 2, read: 3, failed: 4 }[status]
  const changed = await tx.update(conversationMessages)
    .set({ status, error: status === 'failed' ? (error ?? 'The provider could not deliver it.') : null })
    .where(and(
      eq(conversationMessages.channel, channel),
      eq(conversationMessages.providerMessageId, providerMessageId),
      eq(conversationMessages.direction, 'outbound'),
      // `failed` is only taken before delivery; after it, nothing but forward moves.
      status === 'failed' ? sql`${rank} < 2` : sql`${rank} < ${nextRank}`,
    ))
    .returning({ id: conversationMessages.id })
  return changed.length > 0
}

/** Records that an address must not get messages on a channel (SMS STOP, a bounce, a complaint). */
export async function recordOptOut(tx: DbOrTx, projectId: string, channel: Channel, address: string, reason: 'stop' | 'bounce' | 'complaint') {
  await tx.insert(messagingOptOuts).values({ projectId, channel, address: normaliseAddress(channel, address), reason }).onConflictDoNothing()
}

/** An SMS START: the customer may get texts again. */
export async function clearOptOut(tx: DbOrTx, projectId: string, channel: Channel, address: string) {
  await tx.delete(messagingOptOuts).where(and(eq(messagingOptOuts.projectId, projectId), eq(messagingOptOuts.channel, channel), eq(messagingOptOuts.address, normaliseAddress(channel, address))))
}

/** Why an address may not get messages on a channel (`stop`, `bounce`, `complaint`), or null when it may. */
export async function optOutOf(db: DbOrTx, projectId: string, channel: Channel, address: string): Promise<string | null> {
  const [row] = await db.select({ reason: messagingOptOuts.reason }).from(messagingOptOuts)
    .where(and(eq(messagingOptOuts.projectId, projectId), eq(messagingOptOuts.channel, channel), eq(messagingOptOuts.address, normaliseAddress(channel, address))))
  return row?.reason ?? null
}

function normaliseAddress(channel: Channel, address: string): string {
  if (channel === 'email') return address.trim().toLowerCase()
  const trimmed = address.trim()
  return `+${trimmed.replace(/\D/g, '')}`
}

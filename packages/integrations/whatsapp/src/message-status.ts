/** Our outbound message status as far as WhatsApp moves it (`queued` is ours, before the send). */
export type WhatsAppDeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed'

/**
 * Order of the statuses. `read` and `failed` share the top rank: both are terminal, so neither
 * replaces the other, and nothing replaces them.
 */
export const STATUS_RANK: Readonly<Record<WhatsAppDeliveryStatus, number>> = Object.freeze({
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 3,
})

/**
 * Whether a status webhook should overwrite the stored status. Meta does not order its webhooks
 * and skips `delivered` when delivery and reading happen together, so `sent → read` is an upgrade
 * and a late `delivered` after `read` is not. `current` null means nothing is stored yet.
 */
export function isStatusUpgrade(current: WhatsAppDeliveryStatus | null, next: WhatsAppDeliveryStatus): boolean {
  if (current === null) return true
  return STATUS_RANK[next] > STATUS_RANK[current]
}

/** Free-form messages are allowed only this long after the customer's last inbound message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000

/**
 * Whether a free-form (non-template) message may go out now. We check this ourselves before
 * sending, so an outbox job outside the window becomes a template or a clear refusal instead of
 * a Meta error 131047. The window closes at exactly 24 hours; a last inbound time slightly in the
 * future (clock skew) counts as inside.
 */
export function isWithinCustomerServiceWindow(lastInboundAt: Date | null, now: Date = new Date()): boolean {
  if (lastInboundAt === null || Number.isNaN(lastInboundAt.getTime())) return false
  return now.getTime() - lastInboundAt.getTime() < WHATSAPP_WINDOW_MS
}

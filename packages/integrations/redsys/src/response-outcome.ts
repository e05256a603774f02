/** What a Ds_Response code means for our books. */
export type RedsysOutcome = 'authorised' | 'refunded' | 'cancelled' | 'failed'

/**
 * Maps a Redsys Ds_Response code to an outcome. 0000–0099 is an authorised payment; 0900 is an
 * authorised refund (Redsys uses the same code for a confirmed pre-authorisation, which we do not
 * use); 0400 is an authorised cancellation. Everything else, including 9915 (the customer
 * cancelled on the payment page) and anything that is not a 1–4 digit code, is a failure.
 */
export function redsysResponseOutcome(dsResponse: string): RedsysOutcome {
  const trimmed = typeof dsResponse === 'string' ? dsResponse.trim() : ''
  if (!/^\d{1,4}$/.test(trimmed)) return 'failed'
  const code = Number(trimmed)
  if (code <= 99) return 'authorised'
  if (code === 900) return 'refunded'
  if (code === 400) return 'cancelled'
  return 'failed'
}

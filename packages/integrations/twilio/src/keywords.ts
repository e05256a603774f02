export type TwilioKeyword = 'stop' | 'start' | 'help'

/**
 * Twilio's default keywords on long codes without Advanced Opt-Out. Twilio itself blocks sends
 * after a STOP; we recognise the same words so our records agree with what Twilio will do.
 * The START and HELP lists are not in a first-party source we could read (PROVIDERS.md §6).
 */
export const TWILIO_STOP_KEYWORDS = ['STOP', 'UNSUBSCRIBE', 'END', 'QUIT', 'STOPALL', 'REVOKE', 'OPTOUT', 'CANCEL'] as const
export const TWILIO_START_KEYWORDS = ['START', 'UNSTOP'] as const
export const TWILIO_HELP_KEYWORDS = ['HELP', 'INFO'] as const

const KEYWORDS = new Map<string, TwilioKeyword>([
  ...TWILIO_STOP_KEYWORDS.map(word => [word, 'stop'] as const),
  ...TWILIO_START_KEYWORDS.map(word => [word, 'start'] as const),
  ...TWILIO_HELP_KEYWORDS.map(word => [word, 'help'] as const),
])

/** The keyword a message body is, or null. Only the whole body counts ("stop it" is not STOP), trimmed, any case. */
export function twilioKeywordOf(body: string): TwilioKeyword | null {
  return KEYWORDS.get(body.trim().toUpperCase()) ?? null
}

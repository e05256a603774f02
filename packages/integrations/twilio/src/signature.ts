import twilio from 'twilio'

/** The header Twilio puts its signature in. */
export const TWILIO_SIGNATURE_HEADER = 'X-Twilio-Signature'

/** Form parameters as received; a repeated name (rare) gives an array. */
export type TwilioFormParams = Record<string, string | string[]>

export interface TwilioSignatureInput {
  authToken: string
  /** The full public URL Twilio called, query string included (behind a proxy: the external one). */
  url: string
  /** Every POSTed form parameter, not only the ones you read: Twilio adds new ones without notice. */
  params: TwilioFormParams
  /** The X-Twilio-Signature header; missing is simply invalid. */
  signature: string | null | undefined
}

/**
 * Checks an X-Twilio-Signature on a form-encoded webhook with the SDK's validateRequest
 * (HMAC-SHA1 over the URL plus the sorted params, compared in constant time, URL tried with and
 * without the default port). Never throws: anything malformed is just `false`.
 */
export function verifyTwilioSignature(input: TwilioSignatureInput): boolean {
  const { authToken, url, params, signature } = input
  if (typeof authToken !== 'string' || authToken === '') return false
  if (typeof signature !== 'string' || signature === '') return false
  if (typeof url !== 'string' || typeof params !== 'object' || params === null) return false
  try {
    return twilio.validateRequest(authToken, signature, url, params)
  }
  catch {
    // validateRequest parses the URL with `new URL()` as a fallback, which throws on garbage.
    return false
  }
}

/** The X-Twilio-Signature Twilio would send for these params: for the fake and for tests. */
export function signTwilioRequest(authToken: string, url: string, params: TwilioFormParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params)
}

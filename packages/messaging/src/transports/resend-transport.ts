import { Resend } from 'resend'
import { EmailDeliveryError } from '../email-delivery-error'
import { redactError } from '../redact-error'
import type { EmailMessage, EmailTransport } from './email-transport'

export const RESEND_DEFAULT_BASE_URL = 'https://api.resend.com'

export interface ResendTransportOptions {
  apiKey: string
  /** Resend's REST API root; a local server in tests. Default `https://api.resend.com`. */
  baseUrl?: string
  /** Sender used when a message has none, e.g. `Flectar Base <no-reply@example.com>`. */
  from: string
  /** Give up on a request after this long (default 15 s). */
  timeoutMs?: number
}

/**
 * Sends through Resend with the official SDK. The base URL is set per instance (never read
 * from `RESEND_BASE_URL` behind the caller's back). SDK errors become `EmailDeliveryError`s
 * whose message never contains the API key.
 */
export function createResendTransport(options: ResendTransportOptions): EmailTransport {
  if (!options.apiKey) throw new Error('createResendTransport: apiKey is required')
  if (!options.from) throw new Error('createResendTransport: from is required')
  const baseUrl = (options.baseUrl || RESEND_DEFAULT_BASE_URL).replace(/\/+$/, '')
  const client = new Resend(options.apiKey, { baseUrl })
  const timeoutMs = options.timeoutMs ?? 15_000

  return {
    name: 'resend',
    async send(message: EmailMessage) {
      let result: Awaited<ReturnType<typeof client.emails.send>>
      try {
        result = await client.emails.send({
          from: message.from || options.from,
          to: message.to,
          replyTo: message.replyTo ?? undefined,
          subject: message.subject,
          text: message.text,
          html: message.html ?? undefined,
          headers: message.headers && Object.keys(message.headers).length > 0 ? message.headers : undefined,
          attachments: message.attachments?.length
            ? message.attachments.map(attachment => ({
                filename: attachment.filename,
                content: attachment.content,
                contentType: attachment.contentType,
              }))
            : undefined,
        }, {
          idempotencyKey: message.idempotencyKey,
          signal: AbortSignal.timeout(timeoutMs),
        })
      }
      catch (error) {
        throw new EmailDeliveryError(`Resend request failed: ${redactError(error, [options.apiKey])}`, { provider: 'resend' })
      }
      if (result.error) {
        const { statusCode, name } = result.error
        const detail = redactError(result.error.message, [options.apiKey])
        throw new EmailDeliveryError(
          `Resend rejected the email (${statusCode ?? 'no response'} ${name}): ${detail}`,
          { provider: 'resend', statusCode, code: name },
        )
      }
      if (!result.data?.id) {
        throw new EmailDeliveryError('Resend answered without an email id', { provider: 'resend' })
      }
      return { providerMessageId: result.data.id }
    },
  }
}

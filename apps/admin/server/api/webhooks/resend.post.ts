import { receiveEmail, receiveEmailEvent } from '@flectar/messaging'
import { fetchReceivedEmail, ResendApiError, ResendWebhookError, verifyResendWebhook } from '@flectar/resend'

/**
 * Resend's webhook (Svix-signed, 300 s tolerance): inbound email to `<slug>@INBOUND_EMAIL_DOMAIN`
 * is filed in the inbox (its body fetched from Resend by id), and delivery events of our email
 * mark its message (a bounce or complaint stops email to that address). Each delivery is taken
 * once by its svix-id; a bad signature is a 400 and stores nothing.
 */
export default defineEventHandler(async (event) => {
  const config = useServerConfig()
  let verified: ReturnType<typeof verifyResendWebhook>
  try {
    verified = verifyResendWebhook({ secret: config.RESEND_WEBHOOK_SECRET ?? '', rawBody: (await readRawBody(event, 'utf8')) ?? '', headers: getHeaders(event) })
  }
  catch (error) {
    if (error instanceof ResendWebhookError) throw rejectDelivery(error.reason === 'bad_payload' ? 'This is not a Resend event.' : 'The Resend signature does not verify.', `webhook_${error.reason}`)
    throw error
  }
  const { db } = useDatabase()
  if (verified.type === 'email.received') {
    if (!config.INBOUND_EMAIL_DOMAIN || !config.RESEND_API_KEY) return { received: true }
    try {
      const email = await fetchReceivedEmail({ apiKey: config.RESEND_API_KEY, baseUrl: config.RESEND_BASE_URL }, verified.data.emailId)
      await receiveEmail(db, verified.svixId, verified, email, config.INBOUND_EMAIL_DOMAIN, notifyOwnersOn('email'))
    }
    catch (error) {
      // Resend retries the delivery: the body is fetched again then.
      if (error instanceof ResendApiError) throw createError({ statusCode: 502, statusMessage: 'Resend did not give the email; it will be delivered again.', data: { code: 'upstream_failed' } })
      throw error
    }
  }
  else if (verified.type !== 'other') {
    await receiveEmailEvent(db, verified.svixId, verified)
  }
  return { received: true }
})

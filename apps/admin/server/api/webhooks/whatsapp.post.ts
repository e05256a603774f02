import { loadChannelCredentials, receiveWhatsApp } from '@flectar/messaging'
import { parseWhatsAppWebhook, verifyWhatsAppSignature, WhatsAppPayloadError } from '@flectar/whatsapp'

/**
 * The platform's one WhatsApp webhook: X-Hub-Signature-256 is checked over the raw bytes with the
 * Meta app's secret before anything is parsed (a bad one is a 400 and stores nothing); each
 * message or status then goes to the site whose phone-number id it names.
 */
export default defineEventHandler(async (event) => {
  const raw = (await readRawBody(event, false)) ?? Buffer.alloc(0)
  if (!verifyWhatsAppSignature({ appSecret: useServerConfig().WHATSAPP_APP_SECRET ?? '', rawBody: raw, header: getHeader(event, 'x-hub-signature-256') })) {
    throw rejectDelivery('The WhatsApp signature does not verify.', 'webhook_bad_signature')
  }
  let items: ReturnType<typeof parseWhatsAppWebhook>
  try {
    items = parseWhatsAppWebhook(JSON.parse(raw.toString('utf8')))
  }
  catch (error) {
    if (error instanceof WhatsAppPayloadError || error instanceof SyntaxError) throw rejectDelivery('This is not a WhatsApp webhook.', 'webhook_bad_payload')
    throw error
  }
  const { db } = useDatabase()
  const keyRing = useAccountsEnv().keyRing
  await receiveWhatsApp(db, items, async (phoneNumberId) => {
    const connection = await loadChannelCredentials(db, keyRing, 'whatsapp', { routingKey: phoneNumberId })
    return connection ? { orgId: connection.orgId, projectId: connection.projectId } : undefined
  }, notifyOwnersOn('whatsapp'))
  return { received: true }
})

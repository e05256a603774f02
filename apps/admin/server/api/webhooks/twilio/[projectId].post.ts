import { NotFoundError } from '@flectar/errors'
import { loadChannelCredentials, receiveSms, receiveSmsStatus } from '@flectar/messaging'
import { parseTwilioForm, parseTwilioInbound, parseTwilioStatus, TWIML_EMPTY, TwilioPayloadError, verifyTwilioSignature } from '@flectar/twilio'
import { isUuid } from '@flectar/validation'

/**
 * Twilio's webhook for one site's number: inbound SMS and our texts' status callbacks. The
 * X-Twilio-Signature is checked (with the site's auth token, over the URL Twilio called and every
 * param) before anything is read; a bad one is a 400 and stores nothing. Answered with empty TwiML.
 */
export default defineEventHandler(async (event) => {
  const projectId = getRouterParam(event, 'projectId') ?? ''
  if (!isUuid(projectId)) throw new NotFoundError('There is no such site.', 'project_not_found')
  const { db } = useDatabase()
  const connection = await loadChannelCredentials(db, useAccountsEnv().keyRing, 'sms', { projectId })
  if (!connection) throw new NotFoundError('This site has not connected SMS.', 'channel_not_found')
  const params = parseTwilioForm((await readRawBody(event, false)) ?? '')
  const url = `${useServerConfig().ADMIN_URL.replace(/\/+$/, '')}${event.path}`
  if (!verifyTwilioSignature({ authToken: connection.secrets.authToken ?? '', url, params, signature: getHeader(event, 'x-twilio-signature') })) {
    throw rejectDelivery('The Twilio signature does not verify.', 'webhook_bad_signature')
  }
  try {
    const scope = { orgId: connection.orgId, projectId }
    if ('MessageStatus' in params) await receiveSmsStatus(db, parseTwilioStatus(params))
    else await receiveSms(db, scope, parseTwilioInbound(params), notifyOwnersOn('sms'))
  }
  catch (error) {
    if (error instanceof TwilioPayloadError) throw rejectDelivery('This is not a Twilio message or status callback.', 'webhook_bad_payload')
    throw error
  }
  setResponseHeader(event, 'content-type', 'text/xml')
  return TWIML_EMPTY
})

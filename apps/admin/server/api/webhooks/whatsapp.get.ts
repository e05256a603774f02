import { answerWhatsAppVerification } from '@flectar/whatsapp'

// Meta's check of the webhook URL: echo hub.challenge when hub.verify_token is ours, else 403.
export default defineEventHandler((event) => {
  const answer = answerWhatsAppVerification(getQuery(event), useServerConfig().WHATSAPP_VERIFY_TOKEN ?? '')
  setResponseStatus(event, answer.status)
  setResponseHeader(event, 'content-type', 'text/plain')
  return answer.body
})

import { sendSms, TwilioSendError } from '@flectar/twilio'
import { sendWhatsAppTemplate, sendWhatsAppText } from '@flectar/whatsapp'
import type { Db } from '@flectar/db'
import type { KeyRing } from '@flectar/security'
import type { ChannelSender, OutboxRow } from '../deliver-pending-messages'
import { loadChannelCredentials, type ChannelCredentials, type MessagingChannel } from './channel-settings'
import { recordOptOut } from './delivery-events'

export interface ChannelSendersEnv {
  /** Where Twilio posts status callbacks: `<ADMIN_URL>/api/webhooks/twilio/<projectId>`. */
  ADMIN_URL: string
  TWILIO_API_URL?: string
  WHATSAPP_API_URL?: string
}

/** Twilio's "the recipient replied STOP" refusal. */
const TWILIO_OPTED_OUT = 21610

/**
 * The outbox's SMS and WhatsApp senders. Each message goes out on its project's own connection;
 * a project without one (or with it switched off) keeps the message in the dev mailbox, as
 * email does without Resend. Twilio refusing a number that replied STOP records the opt-out.
 */
export function createChannelSenders(db: Db, keyRing: KeyRing, env: ChannelSendersEnv): Record<MessagingChannel, ChannelSender> {
  const connection = async (channel: MessagingChannel, message: OutboxRow): Promise<ChannelCredentials | undefined> => {
    if (!message.projectId) return undefined
    const credentials = await loadChannelCredentials(db, keyRing, channel, { projectId: message.projectId })
    return credentials?.enabled ? credentials : undefined
  }
  return {
    sms: {
      async send(message) {
        const credentials = await connection('sms', message)
        if (!credentials) return devMailbox(message)
        try {
          const { sid } = await sendSms(
            { accountSid: credentials.config.accountSid!, authToken: credentials.secrets.authToken!, apiUrl: env.TWILIO_API_URL },
            { from: credentials.config.fromNumber!, to: message.to, body: message.text, statusCallback: `${env.ADMIN_URL.replace(/\/+$/, '')}/api/webhooks/twilio/${message.projectId}` },
          )
          return { provider: 'twilio', providerMessageId: sid }
        }
        catch (error) {
          if (error instanceof TwilioSendError && error.code === TWILIO_OPTED_OUT) await recordOptOut(db, message.projectId!, 'sms', message.to, 'stop')
          throw error
        }
      },
    },
    whatsapp: {
      async send(message) {
        const credentials = await connection('whatsapp', message)
        if (!credentials) return devMailbox(message)
        const config = { phoneNumberId: credentials.config.phoneNumberId!, accessToken: credentials.secrets.accessToken!, apiUrl: env.WHATSAPP_API_URL }
        const { messageId } = message.whatsappTemplate
          ? await sendWhatsAppTemplate(config, { to: message.to, ...message.whatsappTemplate })
          : await sendWhatsAppText(config, { to: message.to, body: message.text })
        return { provider: 'whatsapp', providerMessageId: messageId }
      },
    },
  }
}

function devMailbox(message: OutboxRow) {
  return { provider: 'dev-mailbox', providerMessageId: `dev-${message.id}` }
}

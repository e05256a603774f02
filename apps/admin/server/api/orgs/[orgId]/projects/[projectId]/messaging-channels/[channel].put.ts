import { NotFoundError, parseInput } from '@flectar/errors'
import { channelSettingsSchemas, MESSAGING_CHANNELS, saveChannelSettings, type MessagingChannel } from '@flectar/messaging'
import { auditProjectChange } from '@flectar/sites'

/** Connects SMS (Twilio) or WhatsApp (Cloud API) for the site: admins only; secrets stored encrypted and audited by name only. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const channel = getRouterParam(event, 'channel') as MessagingChannel
  if (!MESSAGING_CHANNELS.includes(channel)) throw new NotFoundError('There is no such channel.')
  const body = await readBody(event)
  return await db.transaction(async (tx) => {
    const keyRing = useAccountsEnv().keyRing
    const { secretsChanged, ...view } = channel === 'sms'
      ? await saveChannelSettings(tx, keyRing, scope, 'sms', parseInput(channelSettingsSchemas.sms, body))
      : await saveChannelSettings(tx, keyRing, scope, 'whatsapp', parseInput(channelSettingsSchemas.whatsapp, body))
    await auditProjectChange(tx, actor, scope, { action: 'messaging_channel.updated', targetType: 'messaging_channel', targetId: channel, metadata: { channel, enabled: view.enabled, secretsChanged } })
    return view
  })
})

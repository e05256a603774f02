import { parseInput } from '@flectar/errors'
import { notificationSettingsSchema, saveNotificationSettings } from '@flectar/messaging'
import { auditProjectChange } from '@flectar/sites'

// Replaces the site's notification settings (P23): admins only, audited with what they now say.
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const input = parseInput(notificationSettingsSchema, await readBody(event))
  return await db.transaction(async (tx) => {
    const settings = await saveNotificationSettings(tx, scope, input)
    const eventsOff = Object.entries(settings.events).filter(([, channels]) => !channels.email).map(([name]) => name)
    await auditProjectChange(tx, actor, scope, {
      action: 'notifications.updated', targetType: 'notification_settings', targetId: scope.projectId,
      metadata: { sendNothing: settings.sendNothing, eventsOff, ownerNewBooking: settings.ownerNewBooking, ownerNewMessage: settings.ownerNewMessage },
    })
    return settings
  })
})

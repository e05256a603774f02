import { getNotificationSettings } from '@flectar/messaging'

// Which customer notices and owner notices the site sends; the defaults until someone saves.
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return await getNotificationSettings(db, scope)
})

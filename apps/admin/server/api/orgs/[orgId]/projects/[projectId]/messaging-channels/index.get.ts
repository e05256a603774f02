import { listChannelSettings } from '@flectar/messaging'

// SMS and WhatsApp connections as settings show them: secrets only by their last characters.
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'admin')
  return { data: await listChannelSettings(db, scope) }
})

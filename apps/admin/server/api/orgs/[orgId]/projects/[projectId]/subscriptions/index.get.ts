import { listSubscribers } from '@flectar/subscriptions'

/** The site's subscribers, newest first, with the bookings they used this period. */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return { subscribers: await listSubscribers(db, scope) }
})

import { listWaitlist } from '@flectar/bookings'

/** The project's waitlist: who waits for what, and the latest time offered to each. */
export default defineEventHandler(async (event) => {
  const { scope } = await requireProjectAccess(event, 'viewer')
  return { data: await listWaitlist(useDatabase().db, scope) }
})

import { z } from 'zod'
import { offerFreedSlotsAfterChange, removeWaitlistEntry } from '@flectar/bookings'
import { NotFoundError } from '@flectar/errors'

/** Takes someone off the waitlist (audited `waitlist.removed`); a time held for them is let go. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor, project } = await requireProjectAccess(event, 'editor')
  const entryId = z.uuid().safeParse(getRouterParam(event, 'entryId'))
  if (!entryId.success) throw new NotFoundError('This waitlist entry does not exist.')
  const removed = await removeWaitlistEntry(db, scope, entryId.data, actor)
  await offerFreedSlotsAfterChange(db, bookingEnvOf(project), removed.serviceId)
  return { status: 'removed' }
})

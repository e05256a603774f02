import { and, eq, gt, lte, sql } from 'drizzle-orm'
import { bookings, bookingServices, type DbOrTx } from '@flectar/db'
import { requireProject } from '@flectar/sites'
import { customerOf } from './customers'
import { manageUrl } from './manage-token'
import { sendCustomerMessage } from './notifications'

/** The longest reminder lead time a service may set (14 days), in minutes. */
const MAX_LEAD_MINUTES = 20_160

export interface ReminderEnv {
  secret: string
  siteOriginFor: (projectSlug: string) => string
}

/**
 * Sends each confirmed booking's due reminders once. When several lead times are due at once
 * (the job was down, or the booking was made late) only one reminder goes out; all of them are
 * marked sent in the same update that claims the booking, so concurrent runs never both send.
 */
export async function sendDueReminders(db: DbOrTx, env: ReminderEnv, now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + MAX_LEAD_MINUTES * 60_000)
  const candidates = await db.select({ booking: bookings, leads: bookingServices.reminderMinutes }).from(bookings)
    .innerJoin(bookingServices, eq(bookingServices.id, bookings.serviceId))
    .where(and(eq(bookings.status, 'confirmed'), gt(bookings.startsAt, now), lte(bookings.startsAt, horizon)))
  let sent = 0
  for (const { booking, leads } of candidates) {
    const due = leads.filter(lead => !booking.remindersSent.includes(lead) && booking.startsAt.getTime() - lead * 60_000 <= now.getTime())
    if (due.length === 0) continue
    sent += await db.transaction(async (tx) => {
      const [claimed] = await tx.update(bookings).set({ remindersSent: sql`${bookings.remindersSent} || ${`{${due.join(',')}}`}::integer[]` })
        .where(and(eq(bookings.id, booking.id), eq(bookings.status, 'confirmed'), sql`not (${bookings.remindersSent} && ${`{${due.join(',')}}`}::integer[])`))
        .returning()
      if (!claimed) return 0
      const project = await requireProject(tx, { orgId: claimed.orgId, projectId: claimed.projectId })
      const customer = await customerOf(tx, claimed)
      await sendCustomerMessage(tx, 'reminder', claimed, { project, customer, manageUrl: manageUrl(env.siteOriginFor(project.slug), env.secret, claimed.id) })
      return 1
    })
  }
  return sent
}

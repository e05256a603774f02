import { PgBoss } from 'pg-boss'
import type { DbOrTx } from '@flectar/db'
import { expireHolds } from './expire-holds'
import { sendDueReminders, type ReminderEnv } from './reminders'
import { offerFreedSlots } from './waitlist'

export const EXPIRE_HOLDS_QUEUE = 'bookings-expire-holds'
export const REMINDERS_QUEUE = 'bookings-reminders'
export const WAITLIST_QUEUE = 'bookings-waitlist'

export interface BookingJobsOptions extends ReminderEnv {
  connectionString: string
  db: DbOrTx
  onError?: (error: unknown) => void
  onDone?: (job: string, result: unknown) => void
}

/**
 * Schedules the bookings jobs on pg-boss, each every minute: expired payment holds give their
 * slot back, due reminders go out, and the waitlist lapses old offers and offers free slots.
 * All are idempotent, so any number of instances may run them.
 */
export async function startBookingJobs(options: BookingJobsOptions) {
  const boss = new PgBoss({ connectionString: options.connectionString, max: 2 })
  boss.on('error', error => options.onError?.(error))
  await boss.start()
  for (const queue of [EXPIRE_HOLDS_QUEUE, REMINDERS_QUEUE, WAITLIST_QUEUE]) {
    await boss.createQueue(queue)
    await boss.schedule(queue, '* * * * *')
  }
  await boss.work(EXPIRE_HOLDS_QUEUE, async () => {
    options.onDone?.(EXPIRE_HOLDS_QUEUE, await expireHolds(options.db))
  })
  await boss.work(REMINDERS_QUEUE, async () => {
    options.onDone?.(REMINDERS_QUEUE, await sendDueReminders(options.db, options))
  })
  await boss.work(WAITLIST_QUEUE, async () => {
    options.onDone?.(WAITLIST_QUEUE, await offerFreedSlots(options.db, options))
  })
  return { boss, stop: () => boss.stop({ graceful: true, timeout: 10_000 }) }
}

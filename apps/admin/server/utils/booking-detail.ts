import { getBooking } from '@flectar/bookings'
import type { DbOrTx } from '@flectar/db'
import { linkBookingFiles, type BookingFileLink, type ProjectScope } from '@flectar/sites'

/**
 * A booking as the detail panel shows it: `getBooking`, plus links valid five minutes to the
 * files the customer uploaded, keyed by question (P13: private, reached by signed URL only).
 */
export async function bookingDetail(db: DbOrTx, scope: ProjectScope, project: { slug: string }, bookingId: string) {
  const booking = await getBooking(db, scope, bookingId)
  const files = booking.answers.flatMap(answer => answer.kind === 'file' && typeof answer.value === 'string' ? [{ requirementId: answer.requirementId, assetId: answer.value }] : [])
  const links = await linkBookingFiles(db, useFileStorage(), scope, files.map(file => file.assetId), mediaUrlOptions(project))
  const fileLinks: Record<string, BookingFileLink> = {}
  for (const file of files) if (links[file.assetId]) fileLinks[file.requirementId] = links[file.assetId]!
  return { ...booking, fileLinks }
}

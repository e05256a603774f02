import { sql } from 'drizzle-orm'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookings, type Db } from '@flectar/db'
import { deleteMedia, listBookingUploads } from '@flectar/sites'
import type { FileStorage } from '@flectar/storage'

/** Visitors' files no booking names are deleted this long after upload (data minimisation). */
export const UNUSED_BOOKING_FILE_HOURS = 48
// Two parameters per upload; PostgreSQL takes 65,535 in one statement.
const BATCH = 1000

/**
 * Deletes booking uploads that no booking's answers name, older than 48 hours: a visitor who
 * uploaded and then left, or removed the file. Rows first, then the stored files (sites'
 * `deleteMedia`). Returns how many went. Runs daily in the jobs; idempotent. An answer can
 * only name a file uploaded in the last 24 hours, so none starts naming these meanwhile.
 */
export async function purgeUnusedBookingFiles(db: Db, storage: FileStorage, now = new Date()): Promise<number> {
  const uploads = await listBookingUploads(db, { uploadedBefore: new Date(now.getTime() - UNUSED_BOOKING_FILE_HOURS * 3_600_000) })
  const named = new Set<string>()
  for (let index = 0; index < uploads.length; index += BATCH) {
    const batch = uploads.slice(index, index + BATCH)
    const ids = sql.join(batch.map(upload => sql`${upload.id}`), sql`, `)
    const projectIds = sql.join(batch.map(upload => sql`${upload.projectId}`), sql`, `)
    const rows = await db.execute<{ id: string }>(sql`
      select u.id::text as id from unnest(array[${ids}]::uuid[], array[${projectIds}]::uuid[]) as u(id, project_id)
      where exists (select 1 from ${bookings} b where b.project_id = u.project_id and b.answers @> jsonb_build_array(jsonb_build_object('value', u.id::text)))`)
    for (const row of rows) named.add(row.id)
  }
  const unused = uploads.filter(upload => !named.has(upload.id))
  // The platform deletes them (audited media.deleted, without a user): no one clicked anything.
  for (const upload of unused) await deleteMedia(db, storage, { orgId: upload.orgId, projectId: upload.projectId }, upload.id, SYSTEM_ACTOR)
  return unused.length
}

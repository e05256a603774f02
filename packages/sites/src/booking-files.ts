import { and, eq, gte, inArray, isNull, like, lt } from 'drizzle-orm'
import { mediaAssets, type Db, type DbOrTx } from '@flectar/db'
import type { FileStorage } from '@flectar/storage'
import { BOOKING_FILE_MAX_BYTES } from './booking-file-limits'
import { uploadMedia, type MediaAsset } from './media'
import { privateMediaUrl, PRIVATE_MEDIA_URL_SECONDS, type MediaUrlOptions } from './media-delivery'
import { isUuid } from '@flectar/validation'
import type { ProjectScope } from './project-scope'

/**
 * Booking files live in the project's media library as private assets with no uploader
 * (`created_by` null). media_assets has no tag column, so the stored name carries this
 * prefix to tell them apart from the owner's own files in the library.
 */
export const BOOKING_FILE_NAME_PREFIX = 'Booking upload - '

export interface UploadBookingFileInput {
  /** The name on the visitor's disk: only shown, never used to decide the type. */
  filename: string
  bytes: Uint8Array
}

/**
 * Stores a visitor's answer to a `file` question as a private asset of the project (checked
 * by content: images, or a PDF; 10 MB). The booking then names it by id; a file no booking
 * names stays in the library, marked by its name.
 */
export async function uploadBookingFile(db: Db, storage: FileStorage, scope: ProjectScope, input: UploadBookingFileInput): Promise<MediaAsset> {
  return await uploadMedia(db, storage, scope, {
    filename: `${BOOKING_FILE_NAME_PREFIX}${input.filename.split(/[/\\]/).pop() || 'upload'}`,
    bytes: input.bytes,
    private: true,
    maxBytes: BOOKING_FILE_MAX_BYTES,
  }, 'visitor')
}

/** The visitor's own file name, without the library's marker. */
export function bookingFileName(asset: Pick<MediaAsset, 'filename'>): string {
  return asset.filename.startsWith(BOOKING_FILE_NAME_PREFIX) ? asset.filename.slice(BOOKING_FILE_NAME_PREFIX.length) : asset.filename
}

/**
 * Of these values, the ids of files a visitor uploaded to the project (private, no uploader)
 * since `since`: what a booking's `file` answers may name. One query for all of a booking's files.
 */
export async function findBookingUploads(db: DbOrTx, scope: ProjectScope, values: readonly unknown[], since: Date): Promise<ReadonlySet<string>> {
  const ids = [...new Set(values.filter(isUuid).map(id => id.toLowerCase()))]
  if (ids.length === 0) return new Set()
  const rows = await db.select({ id: mediaAssets.id }).from(mediaAssets).where(and(
    inArray(mediaAssets.id, ids), eq(mediaAssets.projectId, scope.projectId), eq(mediaAssets.orgId, scope.orgId),
    eq(mediaAssets.private, true), isNull(mediaAssets.createdBy), gte(mediaAssets.createdAt, since),
  ))
  return new Set(rows.map(row => row.id))
}

export interface BookingFileLink {
  name: string
  contentType: string
  sizeBytes: number
  /** Works for `expiresInSeconds` (five minutes), then the booking must be loaded again. */
  url: string
  expiresInSeconds: number
}

/**
 * Short-lived links to the private files of the project with these ids, for staff (P13).
 * One query; ids that are not such a file (removed from the library, or another
 * project's) are simply missing from the result.
 */
export async function linkBookingFiles(db: DbOrTx, storage: FileStorage, scope: ProjectScope, assetIds: readonly string[], options: MediaUrlOptions): Promise<Record<string, BookingFileLink>> {
  const ids = [...new Set(assetIds.filter(id => isUuid(id)))]
  if (ids.length === 0) return {}
  const assets = await db.select().from(mediaAssets)
    .where(and(inArray(mediaAssets.id, ids), eq(mediaAssets.projectId, scope.projectId), eq(mediaAssets.orgId, scope.orgId), eq(mediaAssets.private, true)))
  const links = await Promise.all(assets.map(async asset => [asset.id, {
    name: bookingFileName(asset),
    contentType: asset.contentType,
    sizeBytes: asset.sizeBytes,
    url: await privateMediaUrl(storage, asset, options),
    expiresInSeconds: PRIVATE_MEDIA_URL_SECONDS,
  }] as const))
  return Object.fromEntries(links)
}

/**
 * Visitors' uploads (private, no uploader, the marked name) stored before `uploadedBefore`,
 * in every project: what `purgeUnusedBookingFiles` of @flectar/bookings checks against the
 * bookings' answers before deleting them with `deleteMedia`.
 */
export async function listBookingUploads(db: DbOrTx, options: { uploadedBefore: Date }): Promise<Array<ProjectScope & { id: string }>> {
  return await db.select({ id: mediaAssets.id, orgId: mediaAssets.orgId, projectId: mediaAssets.projectId }).from(mediaAssets)
    .where(and(
      eq(mediaAssets.private, true), isNull(mediaAssets.createdBy), like(mediaAssets.filename, `${BOOKING_FILE_NAME_PREFIX}%`), lt(mediaAssets.createdAt, options.uploadedBefore),
    ))
}

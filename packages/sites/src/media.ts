import { randomUUID } from 'node:crypto'
import { and, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Actor } from '@flectar/accounts'
import { isUuid, singleLineText } from '@flectar/validation'
import { mediaAssets, type Db, type DbOrTx } from '@flectar/db'
import { InvalidInputError, NotFoundError, parseInput } from '@flectar/errors'
import { detectFileType, formatBytes, IMAGE_UPLOAD_TYPES, imageVariantWidths, makeImageVariants, readImageSize, UploadRejectedError, type DetectedFileType, type FileStorage } from '@flectar/storage'
import { auditProjectChange } from './audit-project-change'
import type { ProjectScope } from './project-scope'
import { requireProject } from './require-project'

export const MEDIA_IMAGE_MAX_BYTES = 10 * 1024 * 1024
export const MEDIA_FILE_MAX_BYTES = 25 * 1024 * 1024
/** Documents are never public: a PDF can carry scripts and links, so it is only shared by signed URL. */
const PRIVATE_ONLY_TYPES: ReadonlyMap<string, DetectedFileType> = new Map([['application/pdf', { ext: 'pdf', mime: 'application/pdf' }]])
const ALT_REQUIRED = 'Describe the image for people who cannot see it'

export type MediaAsset = typeof mediaAssets.$inferSelect

export interface UploadMediaInput {
  /** The name on the uploader's disk: shown in the library, never used to decide the type. */
  filename: string
  bytes: Uint8Array
  alt?: string
  private?: boolean
  /** A lower size limit than the library's own, for every type (booking files: 10 MB). */
  maxBytes?: number
  /** Refuses the upload in its transaction when it would exceed the organisation's plan (its storage limit). */
  withinPlan?: (tx: DbOrTx) => Promise<void>
}

/**
 * Who uploads: a member of the org (stored as the uploader, audited `media.uploaded`), or a
 * site visitor answering a booking question (no uploader, no audit row: the booking is the record).
 */
export type MediaUploader = Actor | 'visitor'

const altSchema = singleLineText({ max: 300, tooLong: 'Keep the description under 300 characters', type: 'Describe the image' })

/** Only the last path segment, without control characters, at most 200 characters. */
function cleanFilename(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[/\\]/).pop()!.replace(/[\u0000-\u001F\u007F]/g, '').trim()
  return base.slice(0, 200) || 'upload'
}

export function isImageAsset(asset: Pick<MediaAsset, 'contentType'>): boolean {
  return asset.contentType.startsWith('image/')
}

/** Where an asset's files live: `media/<projectId>/<assetId>/original.<ext>` and `<width>.webp` beside it. */
export function mediaVariantKey(asset: Pick<MediaAsset, 'projectId' | 'id'>, width: number): string {
  return `media/${asset.projectId}/${asset.id}/${width}.webp`
}

/** Every stored key of an asset: the original, and the WebP widths of a public image. */
export function mediaStorageKeys(asset: Pick<MediaAsset, 'projectId' | 'id' | 'storageKey' | 'contentType' | 'private' | 'width'>): string[] {
  const variants = isImageAsset(asset) && !asset.private && asset.width ? imageVariantWidths(asset.width).map(width => mediaVariantKey(asset, width)) : []
  return [asset.storageKey, ...variants]
}

/** The type to store an upload as, checked by content: images (public or private) and PDFs (private only). */
async function checkUpload(bytes: Uint8Array, isPrivate: boolean, maxBytes = MEDIA_FILE_MAX_BYTES): Promise<DetectedFileType> {
  if (bytes.byteLength === 0) throw new InvalidInputError({ file: 'Choose a file to upload.' }, 'Choose a file to upload.')
  const fileLimit = Math.min(maxBytes, MEDIA_FILE_MAX_BYTES)
  if (bytes.byteLength > fileLimit) {
    const message = `The file is too large (${formatBytes(bytes.byteLength)}). The limit is ${formatBytes(fileLimit)}.`
    throw new InvalidInputError({ file: message }, message)
  }
  const detected = await detectFileType(bytes)
  const image = detected && IMAGE_UPLOAD_TYPES.get(detected.mime)
  if (image) {
    if (bytes.byteLength > MEDIA_IMAGE_MAX_BYTES) {
      const message = `The image is too large (${formatBytes(bytes.byteLength)}). The limit is ${formatBytes(MEDIA_IMAGE_MAX_BYTES)}.`
      throw new InvalidInputError({ file: message }, message)
    }
    return image
  }
  const document = detected && PRIVATE_ONLY_TYPES.get(detected.mime)
  if (document && !isPrivate) {
    const message = 'A PDF can only be stored as a private file. Mark it private to upload it.'
    throw new InvalidInputError({ file: message }, message)
  }
  if (document) return document
  const message = 'This file is not a PNG, JPEG, WebP, AVIF or GIF image, or a PDF.'
  throw new InvalidInputError({ file: message }, message)
}

/**
 * Stores an upload in the project's media library. The type comes from the content; a
 * public image needs alt text and gets WebP variants. Files are written first and the row
 * after: if the row cannot be written, the files are deleted again.
 */
export async function uploadMedia(db: Db, storage: FileStorage, scope: ProjectScope, input: UploadMediaInput, uploader: MediaUploader): Promise<MediaAsset> {
  await requireProject(db, scope)
  const isPrivate = input.private === true
  const type = await checkUpload(input.bytes, isPrivate, input.maxBytes)
  const isImage = type.mime.startsWith('image/')
  const alt = parseInput(z.object({ alt: altSchema }), { alt: input.alt ?? '' }).alt
  if (isImage && !isPrivate && !alt) throw new InvalidInputError({ alt: ALT_REQUIRED })

  let size: { width: number, height: number } | undefined
  let variants: Awaited<ReturnType<typeof makeImageVariants>>['variants'] = []
  try {
    if (isImage && !isPrivate) ({ variants, ...size } = await makeImageVariants(input.bytes))
    else if (isImage) size = await readImageSize(input.bytes)
  }
  catch (error) {
    if (error instanceof UploadRejectedError) throw new InvalidInputError({ file: error.message }, error.message)
    throw error
  }

  const asset = { id: randomUUID(), projectId: scope.projectId }
  const storageKey = `media/${asset.projectId}/${asset.id}/original.${type.ext}`
  const written: string[] = []
  const removeWritten = () => Promise.allSettled(written.map(key => storage.delete(key)))
  try {
    await storage.put(storageKey, input.bytes, { contentType: type.mime })
    written.push(storageKey)
    for (const variant of variants) {
      const key = mediaVariantKey(asset, variant.width)
      await storage.put(key, variant.bytes, { contentType: variant.contentType })
      written.push(key)
    }
    return await db.transaction(async (tx) => {
      await input.withinPlan?.(tx)
      const [row] = await tx.insert(mediaAssets).values({
        id: asset.id,
        orgId: scope.orgId,
        projectId: scope.projectId,
        storageKey,
        filename: cleanFilename(input.filename),
        contentType: type.mime,
        sizeBytes: input.bytes.byteLength,
        width: size?.width ?? null,
        height: size?.height ?? null,
        alt,
        private: isPrivate,
        createdBy: uploader === 'visitor' ? null : uploader.userId,
      }).returning()
      if (uploader !== 'visitor') {
        await auditProjectChange(tx, uploader, scope, { action: 'media.uploaded', targetType: 'media', targetId: row!.id, metadata: { filename: row!.filename, contentType: row!.contentType, private: row!.private } })
      }
      return row!
    })
  }
  catch (error) {
    await removeWritten()
    throw error
  }
}

/** The project's media, newest first. */
export async function listMedia(db: DbOrTx, scope: ProjectScope): Promise<MediaAsset[]> {
  await requireProject(db, scope)
  return await db.select().from(mediaAssets)
    .where(and(eq(mediaAssets.projectId, scope.projectId), eq(mediaAssets.orgId, scope.orgId)))
    .orderBy(desc(mediaAssets.createdAt), desc(mediaAssets.id))
    .limit(1000)
}

async function requireMediaAsset(db: DbOrTx, scope: ProjectScope, assetId: string): Promise<MediaAsset> {
  await requireProject(db, scope)
  if (!isUuid(assetId)) throw new NotFoundError('File not found.')
  const [asset] = await db.select().from(mediaAssets)
    .where(and(eq(mediaAssets.id, assetId), eq(mediaAssets.projectId, scope.projectId), eq(mediaAssets.orgId, scope.orgId)))
  if (!asset) throw new NotFoundError('File not found.')
  return asset
}

export const updateMediaAltSchema = z.object({ alt: altSchema })

/** Changes the alt text (audited `media.updated`); a public image cannot lose it (blocks show it to screen readers). */
export async function updateMediaAlt(db: Db, scope: ProjectScope, assetId: string, alt: string, actor: Actor): Promise<MediaAsset> {
  const asset = await requireMediaAsset(db, scope, assetId)
  const clean = parseInput(updateMediaAltSchema, { alt }).alt
  if (!clean && isImageAsset(asset) && !asset.private) throw new InvalidInputError({ alt: ALT_REQUIRED })
  return await db.transaction(async (tx) => {
    const [row] = await tx.update(mediaAssets).set({ alt: clean })
      .where(and(eq(mediaAssets.id, asset.id), eq(mediaAssets.projectId, scope.projectId)))
      .returning()
    await auditProjectChange(tx, actor, scope, { action: 'media.updated', targetType: 'media', targetId: asset.id, metadata: { fields: ['alt'] } })
    return row!
  })
}

/**
 * Removes the asset's row (audited `media.deleted`), then its files. Files that could not be
 * deleted are returned (orphans to log); pages that still point at the asset show a broken image.
 */
export async function deleteMedia(db: Db, storage: FileStorage, scope: ProjectScope, assetId: string, actor: Actor): Promise<{ undeletedKeys: string[] }> {
  await requireMediaAsset(db, scope, assetId)
  const deleted = await db.transaction(async (tx) => {
    const [row] = await tx.delete(mediaAssets)
      .where(and(eq(mediaAssets.id, assetId), eq(mediaAssets.projectId, scope.projectId), eq(mediaAssets.orgId, scope.orgId)))
      .returning()
    if (!row) throw new NotFoundError('File not found.')
    await auditProjectChange(tx, actor, scope, { action: 'media.deleted', targetType: 'media', targetId: row.id, metadata: { filename: row.filename } })
    return row
  })
  const keys = mediaStorageKeys(deleted)
  const results = await Promise.allSettled(keys.map(key => storage.delete(key)))
  return { undeletedKeys: keys.filter((_, index) => results[index]!.status === 'rejected') }
}

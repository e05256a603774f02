import { and, eq } from 'drizzle-orm'
import { mediaAssets, type DbOrTx } from '@flectar/db'
import { createLocalSignedUrl, IMAGE_VARIANT_WIDTHS, isValidKey, pickVariantWidth, verifyLocalSignedUrl, type FileStorage, type StoredObject } from '@flectar/storage'
import { isImageAsset, mediaVariantKey, type MediaAsset } from './media'
import { isUuid } from '@flectar/validation'

/** How long a private file's link works. */
export const PRIVATE_MEDIA_URL_SECONDS = 5 * 60
/** The width blocks use by default: sharp on phones and on most laptop layouts. */
export const DEFAULT_MEDIA_WIDTH = 960

export type MediaVariant = 'original' | (typeof IMAGE_VARIANT_WIDTHS)[number]

/** `original`, `480`, `960` or `1920` from a URL segment; anything else is undefined. */
export function parseMediaVariant(value: string | undefined): MediaVariant | undefined {
  if (value === 'original') return value
  const width = Number(value)
  return (IMAGE_VARIANT_WIDTHS as readonly number[]).includes(width) && String(width) === value ? width as MediaVariant : undefined
}

/**
 * The site-relative path of a public asset, as stored in blocks: `/media/<projectId>/<assetId>/960`.
 * A width serves the nearest stored WebP, never an enlarged one.
 */
export function publicMediaPath(asset: Pick<MediaAsset, 'projectId' | 'id'>, variant: MediaVariant = DEFAULT_MEDIA_WIDTH): string {
  return `/media/${asset.projectId}/${asset.id}/${variant}`
}

function privateMediaPath(asset: Pick<MediaAsset, 'projectId' | 'id' | 'storageKey'>): string {
  return `/media/private/${asset.projectId}/${asset.id}/${asset.storageKey.split('/').pop()}`
}

export interface MediaUrlOptions {
  /** The project's public site, e.g. `https://salon.example.com`, without a trailing slash. */
  siteOrigin: string
  /** Signs local-disk links (the site app checks them with the same secret). */
  secret: string
  now?: number
}

/**
 * A link to a private file that works for five minutes: presigned by the store when it can
 * (S3), else signed for the site app's `/media/private/…` route.
 */
export async function privateMediaUrl(storage: FileStorage, asset: Pick<MediaAsset, 'projectId' | 'id' | 'storageKey'>, options: MediaUrlOptions): Promise<string> {
  if (storage.signedUrl) return await storage.signedUrl(asset.storageKey, { expiresInSeconds: PRIVATE_MEDIA_URL_SECONDS })
  const expires = Math.floor((options.now ?? Date.now()) / 1000) + PRIVATE_MEDIA_URL_SECONDS
  return options.siteOrigin + createLocalSignedUrl(options.secret, { key: asset.storageKey, path: privateMediaPath(asset), expires })
}

/** An asset as the library shows it: public path and URL, or a private link valid five minutes. */
export async function presentMediaAsset(storage: FileStorage, asset: MediaAsset, options: MediaUrlOptions) {
  const image = isImageAsset(asset)
  const base = {
    id: asset.id,
    filename: asset.filename,
    contentType: asset.contentType,
    sizeBytes: asset.sizeBytes,
    width: asset.width,
    height: asset.height,
    alt: asset.alt,
    private: asset.private,
    kind: image ? 'image' as const : 'file' as const,
    createdAt: asset.createdAt,
  }
  if (asset.private) {
    const url = await privateMediaUrl(storage, asset, options)
    return { ...base, path: null, url, thumbnailUrl: image ? url : null, urlExpiresInSeconds: PRIVATE_MEDIA_URL_SECONDS }
  }
  const path = publicMediaPath(asset)
  return { ...base, path, url: options.siteOrigin + path, thumbnailUrl: options.siteOrigin + publicMediaPath(asset, 480), urlExpiresInSeconds: null }
}

export type PresentedMediaAsset = Awaited<ReturnType<typeof presentMediaAsset>>

export interface ServedMedia extends StoredObject {
  filename: string
}

/** A public asset's file for the site: the original or the WebP nearest `variant`. Private assets are not found here. */
export async function findPublicMedia(db: DbOrTx, storage: FileStorage, input: { projectId: string, assetId: string | undefined, variant: string | undefined }): Promise<ServedMedia | undefined> {
  const variant = parseMediaVariant(input.variant)
  if (!variant || !isUuid(input.assetId)) return undefined
  const [asset] = await db.select().from(mediaAssets)
    .where(and(eq(mediaAssets.id, input.assetId), eq(mediaAssets.projectId, input.projectId), eq(mediaAssets.private, false)))
  if (!asset) return undefined
  const key = variant === 'original' || !isImageAsset(asset) || !asset.width
    ? asset.storageKey
    : mediaVariantKey(asset, pickVariantWidth(asset.width, variant))
  const object = await storage.get(key)
  return object && { ...object, filename: asset.filename }
}

/**
 * A private asset's file, for a local-disk signed link (`/media/private/<projectId>/<assetId>/<name>`
 * with `expires` and `signature`): undefined when the link is expired, forged or for another project.
 */
export async function findSignedPrivateMedia(db: DbOrTx, storage: FileStorage, secret: string, input: { projectId: string, assetId: string | undefined, name: string | undefined, expires: unknown, signature: unknown, now?: number }): Promise<ServedMedia | undefined> {
  if (!isUuid(input.assetId) || !input.name) return undefined
  const key = `media/${input.projectId}/${input.assetId}/${input.name}`
  if (!isValidKey(key) || !verifyLocalSignedUrl(secret, { key, expires: input.expires, signature: input.signature }, input.now)) return undefined
  const [asset] = await db.select().from(mediaAssets)
    .where(and(eq(mediaAssets.id, input.assetId), eq(mediaAssets.projectId, input.projectId), eq(mediaAssets.storageKey, key), eq(mediaAssets.private, true)))
  if (!asset) return undefined
  const object = await storage.get(key)
  return object && { ...object, filename: asset.filename }
}

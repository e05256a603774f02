import { fileTypeFromBuffer } from 'file-type'
import { UploadRejectedError } from './errors'

export interface DetectedFileType {
  /** Canonical extension, without the dot: `png`, `jpg`, `webp`, … */
  ext: string
  mime: string
}

/** The file's type from its content (magic numbers), never from its name; undefined if unknown. */
export async function detectFileType(bytes: Uint8Array): Promise<DetectedFileType | undefined> {
  const result = await fileTypeFromBuffer(bytes)
  return result ? { ext: result.ext, mime: result.mime } : undefined
}

/** Image types accepted for uploads such as avatars; SVG (scriptable) is never one of them. */
export const IMAGE_UPLOAD_TYPES: ReadonlyMap<string, DetectedFileType> = new Map([
  ['image/png', { ext: 'png', mime: 'image/png' }],
  // An animated PNG is still a PNG to every browser.
  ['image/apng', { ext: 'png', mime: 'image/png' }],
  ['image/jpeg', { ext: 'jpg', mime: 'image/jpeg' }],
  ['image/webp', { ext: 'webp', mime: 'image/webp' }],
  ['image/avif', { ext: 'avif', mime: 'image/avif' }],
  ['image/gif', { ext: 'gif', mime: 'image/gif' }],
])

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Number((bytes / 1024 ** 3).toFixed(1))} GB`
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} bytes`
}

/**
 * Checks an uploaded image by its content: not empty, at most `maxBytes`, and really a
 * PNG, JPEG, WebP, AVIF or GIF. Returns the type to store it as; throws `UploadRejectedError`.
 */
export async function assertImageUpload(bytes: Uint8Array, options: { maxBytes: number }): Promise<DetectedFileType> {
  if (bytes.byteLength === 0) throw new UploadRejectedError('empty', 'The file is empty. Choose an image.')
  if (bytes.byteLength > options.maxBytes) {
    throw new UploadRejectedError('too_large', `The image is too large (${formatBytes(bytes.byteLength)}). The limit is ${formatBytes(options.maxBytes)}.`)
  }
  const detected = await detectFileType(bytes)
  const accepted = detected && IMAGE_UPLOAD_TYPES.get(detected.mime)
  if (!accepted) throw new UploadRejectedError('unsupported_type', 'This file is not a PNG, JPEG, WebP, AVIF or GIF image.')
  return accepted
}

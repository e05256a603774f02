import sharp, { type Metadata } from 'sharp'
import { UploadRejectedError } from './errors'

/** Widths served to browsers; a smaller image gets its own width instead of being enlarged. */
export const IMAGE_VARIANT_WIDTHS = [480, 960, 1920] as const
/** About 60 megapixels: larger images (or decompression bombs) are refused before decoding. */
export const MAX_IMAGE_PIXELS = 60_000_000

export interface ImageVariant {
  width: number
  contentType: 'image/webp'
  bytes: Uint8Array
}

export interface ImageVariants {
  /** Of the original, as displayed (EXIF rotation applied). */
  width: number
  height: number
  variants: ImageVariant[]
}

/**
 * The WebP widths an image of `originalWidth` pixels gets: each standard width below it,
 * and the original width itself when it is not above the largest (never upscaled).
 */
export function imageVariantWidths(originalWidth: number): number[] {
  const largest = IMAGE_VARIANT_WIDTHS.at(-1)!
  const widths: number[] = IMAGE_VARIANT_WIDTHS.filter(width => width < originalWidth)
  if (originalWidth <= largest) widths.push(originalWidth)
  return widths
}

/** The stored width that serves a request for `requested` pixels: the smallest at least as wide, else the widest. */
export function pickVariantWidth(originalWidth: number, requested: number): number {
  const widths = imageVariantWidths(originalWidth)
  return widths.find(width => width >= requested) ?? widths.at(-1)!
}

const UNREADABLE = 'This image could not be read. It may be damaged: export it again and retry.'
const DECODE_OPTIONS = { animated: true, limitInputPixels: MAX_IMAGE_PIXELS } as const

/**
 * The size of an image as displayed (EXIF rotation applied), read from its header. Throws
 * `UploadRejectedError` for one that cannot be read or is over `MAX_IMAGE_PIXELS`.
 */
export async function readImageSize(bytes: Uint8Array): Promise<{ width: number, height: number }> {
  let metadata: Metadata
  try {
    metadata = await sharp(bytes, DECODE_OPTIONS).metadata()
  }
  catch {
    throw new UploadRejectedError('unsupported_type', UNREADABLE)
  }
  const frameHeight = metadata.pageHeight ?? metadata.height
  if (!metadata.width || !frameHeight) throw new UploadRejectedError('unsupported_type', UNREADABLE)
  if (metadata.width * metadata.height > MAX_IMAGE_PIXELS) {
    throw new UploadRejectedError('too_large', `The image is too large (${metadata.width}×${metadata.height} pixels). The limit is about 60 megapixels.`)
  }
  // Orientations 5–8 are stored turned by 90°: width and height swap on screen.
  const turned = (metadata.orientation ?? 1) >= 5
  return turned ? { width: frameHeight, height: metadata.width } : { width: metadata.width, height: frameHeight }
}

/**
 * Encodes an image as WebP at each width of `imageVariantWidths` (rotation applied,
 * animation kept, metadata such as a GPS position dropped). Throws `UploadRejectedError`
 * for an image too large to decode safely or one whose content is damaged.
 */
export async function makeImageVariants(bytes: Uint8Array): Promise<ImageVariants> {
  const { width, height } = await readImageSize(bytes)
  const variants: ImageVariant[] = []
  try {
    for (const variantWidth of imageVariantWidths(width)) {
      const output = await sharp(bytes, DECODE_OPTIONS)
        .autoOrient()
        .resize({ width: variantWidth, withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer()
      variants.push({ width: variantWidth, contentType: 'image/webp', bytes: new Uint8Array(output.buffer, output.byteOffset, output.byteLength) })
    }
  }
  catch {
    throw new UploadRejectedError('unsupported_type', UNREADABLE)
  }
  return { width, height, variants }
}

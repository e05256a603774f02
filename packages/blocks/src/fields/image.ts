import { z } from 'zod'
import { plainText, singleLineText } from '@flectar/validation'
import { imageUrlSchema } from './url'

/** The fields every image reference has; `mediaId` points at the media library when set. */
export const imageShape = {
  mediaId: plainText({ max: 64, controlCharacters: 'strip' }).optional(),
  url: imageUrlSchema,
  alt: singleLineText({ max: 300, tooLong: 'Keep the description under 300 characters', type: 'Describe the image', controlCharacters: 'strip' }).default(''),
  decorative: z.boolean().default(false),
}

/** Alt text is required unless the editor marks the image as decorative (it then gets alt=""). */
export function requireAltText(image: { alt?: unknown, decorative?: unknown }, ctx: z.RefinementCtx) {
  if (image.decorative !== true && (typeof image.alt !== 'string' || image.alt.trim() === '')) {
    ctx.addIssue({ code: 'custom', path: ['alt'], message: 'Describe the image for people who cannot see it, or mark it as decorative' })
  }
}

export const imageSchema = z.object(imageShape).superRefine(requireAltText)

export type ImageRef = z.infer<typeof imageSchema>

/** The `alt` attribute to render: empty for decorative images. */
export function imageAlt(image: Pick<ImageRef, 'alt' | 'decorative'>): string {
  return image.decorative ? '' : image.alt
}

/** Shipped with this layer (`public/_blocks/placeholder.svg`): what a new image block shows until one is chosen. */
export const PLACEHOLDER_IMAGE_URL = '/_blocks/placeholder.svg'

export function placeholderImage(alt = 'Placeholder image'): ImageRef {
  return { url: PLACEHOLDER_IMAGE_URL, alt, decorative: false }
}

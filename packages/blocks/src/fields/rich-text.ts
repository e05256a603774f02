import { z } from 'zod'
import { stripControlCharacters } from '@flectar/validation'
import { sanitizeRichText } from '../sanitize-rich-text'

export const RICH_TEXT_MAX_LENGTH = 50_000

/** Rich text as HTML, reduced to the allowed tags when it is validated (so stored HTML is always clean). */
export function richText(options: { required?: string, max?: number } = {}) {
  const max = options.max ?? RICH_TEXT_MAX_LENGTH
  const base = z.string('Enter some text').overwrite(html => stripControlCharacters(html, { multiLine: true })).max(max, `Keep it under ${max} characters`).transform(sanitizeRichText)
  if (!options.required) return base.default('')
  const message = options.required
  return base.refine(html => html.replace(/<[^>]*>/g, '').trim() !== '', message)
}

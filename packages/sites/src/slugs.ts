import { z } from 'zod'
import { plainText } from '@flectar/validation'

// Subdomains that would collide with the platform's own hosts.
const RESERVED = new Set(['www', 'admin', 'api', 'app', 'mail', 'static', 'assets', 'cdn', 'status', 'help', 'docs'])

/** A project slug is its subdomain: lowercase letters, digits and inner hyphens, 3–40 long. */
export const projectSlugSchema = z.string().trim().toLowerCase()
  .min(3, 'Use at least 3 characters')
  .max(40, 'Use at most 40 characters')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, numbers and hyphens (not at the start or end)')
  .refine(slug => !RESERVED.has(slug), 'This address is reserved')

/** A page path: '/', or '/segment/segment' with lowercase letters, digits and hyphens. */
export const pagePathSchema = z.string().trim()
  .max(200, 'Use at most 200 characters')
  .regex(/^\/(?:[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*)?$/, 'Use a path like /about or /services/haircuts')

/** A path a visitor asked for or a form was posted from: one line from `/`, as sent, no control characters. */
export const requestPathSchema = (max: number) => plainText({ max, tooLong: `Use at most ${max} characters` }).startsWith('/', 'Use a path like /about')

export const localeSchema = z.string().regex(/^[a-z]{2}(?:-[A-Z]{2})?$/, 'Use a language code like en, es or pt-BR')

/** Turns a business name into a slug candidate. */
export function slugFromName(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036F]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'site'
}

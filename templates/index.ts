import { validateTemplate, type Template } from '@flectar/blocks'
import { clinic } from './clinic'
import { estateAgent } from './estate-agent'
import { linkInBio } from './link-in-bio'
import { portfolio } from './portfolio'
import { restaurant } from './restaurant'
import { salon } from './salon'

/** The raw template data, as written (for tests and tooling). */
export const templateSources = [salon, clinic, restaurant, estateAgent, portfolio, linkInBio]

/**
 * Every starter site, validated and complete (defaults filled in, rich text sanitized).
 * Validated when this module loads: a broken template fails loudly here, and in the
 * tests, rather than when someone picks it.
 */
export const templates: Template[] = templateSources.map(source => validateTemplate(source))

export function getTemplate(key: string): Template | undefined {
  return templates.find(template => template.key === key)
}

export type { Template } from '@flectar/blocks'

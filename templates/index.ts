import { validateTemplate, type Template } from '@flectar/blocks'
import { clinic } from './clinic'
import { estateAgent } from './estate-agent'
import { fillTemplate, type BusinessAnswers } from './fill-template'
import { linkInBio } from './link-in-bio'
import { portfolio } from './portfolio'
import { restaurant } from './restaurant'
import { salon } from './salon'

/** The raw template data, as written, placeholders and all (for tests and tooling). */
export const templateSources = [salon, clinic, restaurant, estateAgent, portfolio, linkInBio]

/** The answers the gallery's previews and the load-time check fill templates with. */
export const EXAMPLE_BUSINESS: BusinessAnswers = {
  name: 'Your Business',
  address: 'Your street 1\n12345 Your town',
  phone: '+1 555 0100',
  email: 'hello@example.com',
  currency: 'EUR',
  locale: 'en',
}

/**
 * Every starter site, filled with the example answers, validated and complete (defaults
 * filled in, rich text sanitized). Validated when this module loads: a broken template fails
 * loudly here, and in the tests, rather than when someone picks it.
 */
export const templates: Template[] = templateSources.map(source => validateTemplate(fillTemplate(source, EXAMPLE_BUSINESS)))

/** A template as the gallery lists it (example answers); `instantiateTemplate` makes it someone's. */
export function getTemplate(key: string): Template | undefined {
  return templates.find(template => template.key === key)
}

/** The template `key` filled with the owner's answers and validated, or undefined for no such template. */
export function instantiateTemplate(key: string, answers: BusinessAnswers): Template | undefined {
  const source = templateSources.find(template => template.key === key)
  return source ? validateTemplate(fillTemplate(source, answers)) : undefined
}

export { fillPlaceholders, fillTemplate, type BusinessAnswers } from './fill-template'
export type { Template } from '@flectar/blocks'

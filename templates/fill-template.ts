import { escapeHtml, WEEKDAYS, type TemplateInput } from '@flectar/blocks'
import { formatMoney, majorToMinor } from '@flectar/money'

/** The owner's answers that a template's placeholders are filled from (the onboarding wizard's). */
export interface BusinessAnswers {
  name: string
  /** Street, postcode and town, one line each. */
  address: string
  phone: string
  email: string
  /** ISO 4217, for `{{price:…}}`. */
  currency: string
  /** The site's main language, for how prices are written. */
  locale: string
}

/**
 * Templates are written with placeholders, never with a real business's details:
 * `{{business.name}}`, `{{business.address}}` (one line each), `{{business.addressLine}}`
 * (on one line), `{{business.phone}}`, `{{business.phoneHref}}` (`tel:+34…`),
 * `{{business.email}}`, `{{business.emailHref}}` (`mailto:…`), and `{{price:58}}` (58 in the
 * site's currency, written in its language).
 */
const PLACEHOLDER = /\{\{\s*([\w.]+)(?::([\d.]+))?\s*\}\}/g

function placeholderValue(answers: BusinessAnswers, name: string, argument: string | undefined): string {
  const address = answers.address.split('\n').map(line => line.trim()).filter(Boolean)
  switch (name) {
    case 'business.name': return answers.name
    case 'business.address': return address.join('\n')
    case 'business.addressLine': return address.join(', ')
    case 'business.phone': return answers.phone
    case 'business.phoneHref': return `tel:${answers.phone.replace(/[^\d+]/g, '')}`
    case 'business.email': return answers.email
    case 'business.emailHref': return `mailto:${answers.email}`
    case 'price': {
      const major = Number(argument)
      if (argument === undefined || !Number.isFinite(major)) break
      return formatMoney({ amount: majorToMinor(major, answers.currency), currency: answers.currency }, answers.locale)
    }
  }
  throw new Error(`Unknown template placeholder {{${name}${argument === undefined ? '' : `:${argument}`}}}`)
}

/** Rich-text fields (`richText.html`, `columns[].body`): what the owner typed goes in as text, not markup. */
const HTML_FIELDS = new Set(['html', 'body'])

/** `text` with every placeholder filled; an unknown placeholder throws (a template bug). */
export function fillPlaceholders(text: string, answers: BusinessAnswers, options: { html?: boolean } = {}): string {
  return text.replace(PLACEHOLDER, (_, name: string, argument: string | undefined) => {
    const value = placeholderValue(answers, name, argument)
    return options.html ? escapeHtml(value) : value
  })
}

function fillDeep<T>(value: T, answers: BusinessAnswers, html = false): T {
  if (typeof value === 'string') return fillPlaceholders(value, answers, { html }) as T
  if (Array.isArray(value)) return value.map(item => fillDeep(item, answers)) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillDeep(item, answers, HTML_FIELDS.has(key))])) as T
  return value
}

/** The template's bookable hours as an opening-hours block writes them. */
function openingHoursOf(bookings: NonNullable<TemplateInput['bookings']>) {
  return bookings.hours.map(row => ({ day: WEEKDAYS[row.weekday - 1]!, opens: row.start, closes: row.end }))
}

/**
 * A template source made the owner's: every placeholder in pages, titles, SEO and navigation
 * filled, and, in a template with bookings, every opening-hours block showing the hours that
 * can be booked (so the site never says open when `/book` says closed).
 */
export function fillTemplate(source: TemplateInput, answers: BusinessAnswers): TemplateInput {
  const { key, name, description, category, bookings, ...rest } = source
  const filled = fillDeep(rest, answers)
  if (bookings) {
    for (const page of filled.pages) {
      for (const block of page.blocks) {
        if (block.type === 'openingHours') block.content.hours = openingHoursOf(bookings)
      }
    }
  }
  return { key, name, description, category, bookings, ...filled }
}

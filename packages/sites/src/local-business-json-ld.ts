import type { ProjectBusiness } from '@flectar/db'

/** Opening hours as bookings keeps them: ISO weekday (1 Monday … 7 Sunday) and wall-clock times. */
export interface WeeklyOpening {
  weekday: number
  start: string
  end: string
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** `28004 Madrid`, `EH7 4AA Edinburgh`: a leading postcode, then the town. */
const POSTCODE_AND_TOWN = /^(\d{4,6}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}) +(\S.*)$/i

function postalAddress(address: string) {
  const lines = address.split('\n').map(line => line.trim()).filter(Boolean)
  if (lines.length === 0) return undefined
  const last = lines.length > 1 ? lines.at(-1)! : ''
  const match = POSTCODE_AND_TOWN.exec(last)
  return {
    '@type': 'PostalAddress',
    'streetAddress': (last ? lines.slice(0, -1) : lines).join(', '),
    ...(match ? { postalCode: match[1], addressLocality: match[2] } : last ? { addressLocality: last } : {}),
  }
}

/**
 * The schema.org `LocalBusiness` a site's pages carry as JSON-LD: the owner's name, address,
 * phone and email from the onboarding answers, and the opening hours that can be booked.
 * Undefined for a site with no address, phone or email (nothing a search engine could use).
 */
export function localBusinessJsonLd(project: { name: string, business: ProjectBusiness }, hours: WeeklyOpening[]): Record<string, unknown> | undefined {
  const { address, phone, email } = project.business
  if (!address && !phone && !email) return undefined
  return {
    '@context': 'https://schema.org',
    '@type': 'LocalBusiness',
    'name': project.name,
    ...(address ? { address: postalAddress(address) } : {}),
    ...(phone ? { telephone: phone } : {}),
    ...(email ? { email } : {}),
    ...(hours.length > 0
      ? {
          openingHoursSpecification: [...hours]
            .sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))
            .map(row => ({ '@type': 'OpeningHoursSpecification', 'dayOfWeek': `https://schema.org/${DAYS[row.weekday - 1]}`, 'opens': row.start, 'closes': row.end })),
        }
      : {}),
  }
}

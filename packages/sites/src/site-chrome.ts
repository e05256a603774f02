import type { NavigationLink, WeeklyHour } from '@flectar/db'
import { readSiteNavigation, SOCIAL_NETWORKS, type MenuLink, type SocialNetwork } from './navigation-schema'
import type { Project } from './project-scope'

/** What the site's footer shows besides its links; empty parts are left out. */
export interface SiteFooterDetails {
  contact?: { address: string[], phone?: string, email?: string }
  /** One line per group of days, e.g. "Tue–Fri 09:00–18:00". */
  hours: string[]
  social: Array<{ network: SocialNetwork, label: string, url: string }>
}

export interface SiteChrome {
  navigation: { header: NavigationLink[], footer: NavigationLink[] }
  footer: SiteFooterDetails
}

/** `/about` in a locale: the default locale is at the root, the others under `/<locale>`. */
export function localizedPath(project: Pick<Project, 'defaultLocale'>, locale: string, path: string): string {
  return locale === project.defaultLocale ? path : `/${locale}${path === '/' ? '' : path}`
}

export interface SiteChromeOptions {
  /**
   * Paths (without the locale) that answer in this locale: published pages and app pages like
   * /book. Links to others are left out; without it (a draft's preview) every link is kept.
   */
  servedPaths?: ReadonlySet<string>
  /** The active resources' weekly hours, when the footer shows the bookable hours. */
  bookableHours?: WeeklyHour[]
}

/**
 * The header menu, footer links and footer details of one language, as visitors get them:
 * links to pages that are not published (yet) are left out, so a page put in the menu when
 * it was created shows up there when it is published.
 */
export function resolveSiteChrome(project: Pick<Project, 'navigation' | 'defaultLocale'> & { business?: { address?: string, phone?: string, email?: string } }, locale: string, options: SiteChromeOptions = {}): SiteChrome {
  const navigation = readSiteNavigation(project.navigation, project.defaultLocale)
  const menus = navigation.menus[locale] ?? { header: [], footer: [] }
  const toLink = (link: MenuLink): NavigationLink | undefined => {
    if (link.kind === 'external') return { label: link.label, href: link.url }
    if (options.servedPaths && !options.servedPaths.has(link.path)) return undefined
    const path = localizedPath(project, locale, link.path)
    return { label: link.label, href: link.kind === 'anchor' ? `${path}#${link.anchor}` : path }
  }
  const header = menus.header.flatMap((item) => {
    const children = item.children.flatMap(child => toLink(child) ?? [])
    const link = toLink(item)
    return link ? [{ ...link, children }] : []
  })
  const { footer: settings } = navigation
  const business = project.business ?? {}
  const address = (business.address ?? '').split('\n').map(line => line.trim()).filter(Boolean)
  const contact = settings.showContact && (address.length || business.phone || business.email)
    ? { address, phone: business.phone || undefined, email: business.email || undefined }
    : undefined
  const hours = settings.hours.source === 'text'
    ? settings.hours.text.split('\n').map(line => line.trim()).filter(Boolean)
    : settings.hours.source === 'bookings' ? weeklyHoursLines(options.bookableHours ?? [], locale) : []
  return {
    navigation: { header, footer: menus.footer.flatMap(link => toLink(link) ?? []) },
    footer: { contact, hours, social: settings.social.map(link => ({ ...link, label: SOCIAL_NETWORKS[link.network].label })) },
  }
}

/**
 * Weekly hours (as `listBookableHours` of @flectar/bookings merges them) as lines, days with
 * the same hours grouped: "Mon–Fri 09:00–18:00", "Sat 10:00–14:00".
 */
export function weeklyHoursLines(rows: readonly WeeklyHour[], locale: string): string[] {
  const dayName = (weekday: number) => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' })
    .format(new Date(Date.UTC(2024, 0, weekday))) // 2024-01-01 was a Monday (ISO weekday 1)
  const byDay = new Map<number, string>()
  for (let weekday = 1; weekday <= 7; weekday++) {
    const intervals = rows.filter(row => row.weekday === weekday).sort((a, b) => a.start.localeCompare(b.start))
    if (intervals.length) byDay.set(weekday, intervals.map(({ start, end }) => `${start}–${end}`).join(', '))
  }
  const lines: string[] = []
  for (let weekday = 1; weekday <= 7; weekday++) {
    const hours = byDay.get(weekday)
    if (!hours || byDay.get(weekday - 1) === hours) continue
    let last = weekday
    while (byDay.get(last + 1) === hours) last++
    lines.push(`${last === weekday ? dayName(weekday) : `${dayName(weekday)}–${dayName(last)}`} ${hours}`)
  }
  return lines
}

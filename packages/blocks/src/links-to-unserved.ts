import { BOOKING_PAGE_PATH } from './blocks/booking-widget'
import type { Block } from './registry'

/** Whether `href` leads to `path` on this site (`/book`, `/book?service=…`, `/book/time`, `/book#top`). */
function leadsTo(href: string, path: string): boolean {
  return href === path || (href.startsWith(path) && '?/#'.includes(href[path.length]!))
}

/**
 * The blocks with every button and link to `paths` taken out: a site with nothing bookable yet
 * shows no "Book" button leading to an empty booking page. A hero or a price plan loses the
 * button; a link list the link; a call to action (its button is the point) and a booking block
 * go. The blocks are not changed; those with nothing to drop are returned as they are.
 */
export function withoutLinksTo(blocks: Block[], paths: readonly string[]): Block[] {
  if (paths.length === 0) return blocks
  const dropped = (href: string | undefined) => Boolean(href) && paths.some(path => leadsTo(href!, path))
  return blocks.flatMap((block): Block[] => {
    switch (block.type) {
      case 'bookingWidget':
        return dropped(BOOKING_PAGE_PATH) ? [] : [block]
      case 'callToAction':
        return dropped(block.content.buttonHref) ? [] : [block]
      case 'hero': {
        const content = { ...block.content }
        if (dropped(content.ctaHref)) Object.assign(content, { ctaLabel: content.secondaryCtaLabel, ctaHref: content.secondaryCtaHref, secondaryCtaLabel: '', secondaryCtaHref: '' })
        if (dropped(content.ctaHref)) Object.assign(content, { ctaLabel: '', ctaHref: '' })
        if (dropped(content.secondaryCtaHref)) Object.assign(content, { secondaryCtaLabel: '', secondaryCtaHref: '' })
        return [{ ...block, content }]
      }
      case 'pricingTable':
        return [{ ...block, content: { ...block.content, items: block.content.items.map(item => dropped(item.ctaHref) ? { ...item, ctaLabel: '', ctaHref: '' } : item) } }]
      case 'linkList': {
        const links = block.content.links.filter(link => !dropped(link.href))
        return links.length === 0 ? [] : [{ ...block, content: { ...block.content, links } }]
      }
      default:
        return [block]
    }
  })
}

import { describe, expect, it } from 'vitest'
import { withoutLinksTo } from './links-to-unserved'
import { renderableBlocks } from './validate-blocks'

const page = renderableBlocks([
  { id: 'h1', type: 'hero', content: { heading: 'Hair by Lucía', ctaLabel: 'Book now', ctaHref: '/book', secondaryCtaLabel: 'Our services', secondaryCtaHref: '/services' } },
  { id: 'h2', type: 'hero', content: { heading: 'Colour', ctaLabel: 'Prices', ctaHref: '/prices', secondaryCtaLabel: 'Book colour', secondaryCtaHref: '/book?service=00000000-0000-4000-8000-000000000001' } },
  { id: 'c1', type: 'callToAction', content: { heading: 'Ready?', buttonLabel: 'Book a time', buttonHref: '/book' } },
  { id: 'c2', type: 'callToAction', content: { heading: 'Questions?', buttonLabel: 'Contact us', buttonHref: '/contact' } },
  { id: 'c3', type: 'callToAction', content: { heading: 'A bookshop?', buttonLabel: 'Read', buttonHref: '/bookshop' } },
  { id: 'b1', type: 'bookingWidget', content: {} },
  { id: 'p1', type: 'pricingTable', content: { items: [{ name: 'Cut', price: '€30', ctaLabel: 'Book', ctaHref: '/book' }, { name: 'Colour', price: '€50', ctaLabel: 'Ask', ctaHref: '/contact' }] } },
  { id: 'l1', type: 'linkList', content: { links: [{ label: 'Book', href: '/book#top' }, { label: 'Email', href: 'mailto:hello@example.com' }] } },
  { id: 'l2', type: 'linkList', content: { links: [{ label: 'Book', href: '/book/time' }] } },
]).blocks

describe('withoutLinksTo: no button leads to a page the site does not serve', () => {
  const kept = withoutLinksTo(page, ['/book'])
  const byId = Object.fromEntries(kept.map(block => [block.id, block.content as Record<string, unknown>]))

  it('parses the fixture as valid blocks', () => {
    expect(page.map(block => block.id)).toEqual(['h1', 'h2', 'c1', 'c2', 'c3', 'b1', 'p1', 'l1', 'l2'])
  })

  it('a hero keeps its other button, moved first', () => {
    expect(byId.h1).toMatchObject({ ctaLabel: 'Our services', ctaHref: '/services', secondaryCtaLabel: '', secondaryCtaHref: '' })
    expect(byId.h2).toMatchObject({ ctaLabel: 'Prices', ctaHref: '/prices', secondaryCtaLabel: '', secondaryCtaHref: '' })
  })

  it('calls to action and booking blocks that lead there go; others stay, /bookshop included', () => {
    expect(kept.map(block => block.id)).toEqual(['h1', 'h2', 'c2', 'c3', 'p1', 'l1'])
  })

  it('a price item loses its button, a link list the link (and goes when none is left)', () => {
    expect(byId.p1!.items).toMatchObject([{ name: 'Cut', ctaLabel: '', ctaHref: '' }, { name: 'Colour', ctaLabel: 'Ask', ctaHref: '/contact' }])
    expect(byId.l1!.links).toEqual([expect.objectContaining({ label: 'Email' })])
  })

  it('changes nothing when every path is served, and never the blocks it was given', () => {
    expect(withoutLinksTo(page, [])).toBe(page)
    expect(page[0]!.content).toMatchObject({ ctaHref: '/book' })
    expect(page).toHaveLength(9)
  })
})

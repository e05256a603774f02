import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { MODULE_PAGE_PATHS, navigationHrefs, validateTemplate, type Template } from '@flectar/blocks'
import { EXAMPLE_BUSINESS, fillTemplate, getTemplate, templateSources, templates } from './index'

const here = fileURLToPath(new URL('.', import.meta.url))

/** Every link in a block's content: `href`-like fields and links inside rich text. */
function blockLinks(value: unknown, key = ''): string[] {
  if (typeof value === 'string') {
    if (/href$/i.test(key)) return value ? [value] : []
    return [...value.matchAll(/<a href="([^"]+)"/g)].map(match => match[1]!.replaceAll('&amp;', '&'))
  }
  if (Array.isArray(value)) return value.flatMap(item => blockLinks(item))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([name, item]) => blockLinks(item, name))
  return []
}

/** Every image reference (`{ url, alt, decorative }`) in a block's content. */
function blockImages(value: unknown): Array<{ url: string, alt: string, decorative: boolean }> {
  if (Array.isArray(value)) return value.flatMap(item => blockImages(item))
  if (!value || typeof value !== 'object') return []
  const record = value as Record<string, unknown>
  const self = typeof record.url === 'string' && 'alt' in record ? [record as { url: string, alt: string, decorative: boolean }] : []
  return [...self, ...Object.values(record).flatMap(item => blockImages(item))]
}

function allLinks(template: Template): string[] {
  return [...navigationHrefs(template.navigation), ...template.pages.flatMap(page => page.blocks.flatMap(block => blockLinks(block.content)))]
}

const byKey = templates.map(template => [template.key, template] as const)

describe('starter templates', () => {
  it('has the promised starter sites, each in its own file named after its key', () => {
    expect(templates.map(template => template.key)).toEqual(['salon', 'clinic', 'restaurant', 'estate-agent', 'portfolio', 'link-in-bio'])
    for (const { key } of templates) expect(existsSync(`${here}/${key}.ts`), key).toBe(true)
  })

  it.each(templateSources.map(source => [source.key, source] as const))('%s validates against the block schemas once its placeholders are filled', (_key, source) => {
    expect(() => validateTemplate(fillTemplate(source, EXAMPLE_BUSINESS))).not.toThrow()
  })

  it.each(byKey)('%s has unique page paths and a home page', (_key, template) => {
    const paths = template.pages.map(page => page.path)
    expect(new Set(paths).size).toBe(paths.length)
    expect(paths).toContain('/')
  })

  it.each(byKey)('%s: every internal link points to one of its pages (or a module\'s page), and anchors to a block on it', (_key, template) => {
    const pages = new Map(template.pages.map(page => [page.path, new Set(page.blocks.map(block => `block-${block.id}`))]))
    const modulePaths = template.modules.flatMap(module => MODULE_PAGE_PATHS[module] ?? [])
    for (const href of allLinks(template)) {
      if (!href.startsWith('/')) continue
      const [pathAndQuery, anchor] = href.split('#')
      const path = pathAndQuery!.split('?')[0]!
      expect(pages.has(path) || modulePaths.includes(path), `${href} leads to a page`).toBe(true)
      if (anchor) expect(pages.get(path)?.has(anchor), `${href} leads to a block`).toBe(true)
    }
  })

  it.each(byKey)('%s: every image is shipped with it and described', (key, template) => {
    const images = template.pages.flatMap(page => page.blocks.flatMap(block => blockImages(block.content)))
    for (const image of images) {
      const match = /^\/templates\/([a-z0-9-]+)\/images\/([\w-]+\.svg)$/.exec(image.url)
      expect(match, `${image.url} is a template image`).not.toBeNull()
      expect(match![1], image.url).toBe(key)
      expect(existsSync(`${here}/${key}/images/${match![2]}`), `${image.url} is shipped`).toBe(true)
      expect(image.decorative).toBe(false)
      expect(image.alt.length, `alt of ${image.url}`).toBeGreaterThan(8)
      expect(image.alt).not.toMatch(/placeholder|^image$/i)
    }
  })

  it.each(byKey)('%s ships no unused images', (key, template) => {
    const dir = `${here}/${key}/images`
    const shipped = existsSync(dir) ? readdirSync(dir) : []
    const used = new Set(template.pages.flatMap(page => page.blocks.flatMap(block => blockImages(block.content).map(image => image.url.split('/').pop()))))
    expect(shipped.filter(file => !used.has(file))).toEqual([])
  })

  it.each(byKey.filter(([key]) => key !== 'link-in-bio'))('%s is a complete site: 3 to 5 pages, many block types, header and footer', (_key, template) => {
    expect(template.pages.length).toBeGreaterThanOrEqual(3)
    expect(template.pages.length).toBeLessThanOrEqual(5)
    expect(new Set(template.pages.flatMap(page => page.blocks.map(block => block.type))).size).toBeGreaterThanOrEqual(10)
    expect(template.navigation.header.length).toBeGreaterThanOrEqual(3)
    expect(template.navigation.footer.length).toBeGreaterThanOrEqual(2)
  })

  it('link in bio is one page: a hero, a link list and social links', () => {
    const template = getTemplate('link-in-bio')!
    expect(template.pages).toHaveLength(1)
    expect(template.pages[0]!.blocks.map(block => block.type)).toEqual(['hero', 'linkList', 'linkList'])
  })

  it('the salon has everything a booking business needs', () => {
    const types = new Set(getTemplate('salon')!.pages.flatMap(page => page.blocks.map(block => block.type)))
    for (const type of ['bookingWidget', 'openingHours', 'team', 'pricingTable', 'gallery', 'testimonials', 'map', 'contactForm']) expect(types).toContain(type)
  })

  it.each(byKey)('%s lists the modules its blocks rely on', (_key, template) => {
    const types = new Set(template.pages.flatMap(page => page.blocks.map(block => block.type)))
    if (types.has('bookingWidget')) expect(template.modules).toContain('bookings')
    if (types.has('contactForm')) expect(template.modules).toContain('messages')
  })

  it('finds a template by key', () => {
    expect(getTemplate('restaurant')?.name).toBe('Restaurant')
    expect(getTemplate('nope')).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { fillPlaceholders, instantiateTemplate, templateSources, type BusinessAnswers } from './index'

// What the templates were once written with (grep of the templates before they had
// placeholders): no new site may show any of it, in any page, title, SEO field or menu.
const AUTHORS_IDENTITIES = [
  'Willow', 'Wren', 'willowandwren', 'Elm Row', 'Edinburgh', 'EH7',
  'Olive & Ember', 'Olive &amp; Ember', 'Ember Room', 'Bermondsey', 'London', 'Kent', '020 7946', '442079460123',
  'Northside', 'northsidephysio', 'Manchester', 'Cheetham', 'M4 4FY', '0161', '441614960732',
  'Harbour', 'Walcot', 'Bath', 'BA1', 'BA2', '01225', '441225480912', 'Widcombe', 'Larkhall', 'Combe Down', 'Weston',
  'Mara', 'Lindqvist', 'Tromsø', 'Stockholm', 'Kvaløya', 'Nordlys',
  'Sol Rivera', 'solrivera', 'Lisbon',
  '£',
]

const owner: BusinessAnswers = {
  name: 'Peluquería Lucía Ortega',
  address: 'Calle de Fuencarral 45\n28004 Madrid',
  phone: '+34 912 345 678',
  email: 'hola@luciaortega.es',
  currency: 'EUR',
  locale: 'es',
}

describe('a new site carries its owner\'s identity, never the template author\'s', () => {
  it.each(templateSources.map(source => [source.key] as const))('%s', (key) => {
    const template = instantiateTemplate(key, owner)!
    const site = JSON.stringify({ navigation: template.navigation, pages: template.pages })
    for (const identity of AUTHORS_IDENTITIES) expect(site, `${key} shows "${identity}"`).not.toContain(identity)
    expect(site).not.toMatch(/\{\{/)
    // The authors' made-up domains (`hello@willowandwren.example`, `shop.solrivera.example`).
    expect(site).not.toMatch(/\.example(?![.\w])/)
    expect(site).toContain(owner.name)
    expect(site).toContain(owner.email)
    // The home page names the business (every rendered page does in its title and footer: e2e/new-site-is-the-owners.spec.ts).
    expect(JSON.stringify(template.pages.find(page => page.path === '/'))).toContain(owner.name)
    // The footer says how to reach the owner.
    expect(JSON.stringify(template.navigation.footer) + JSON.stringify(template.pages), key).toContain('mailto:hola@luciaortega.es')
  })

  it.each(templateSources.filter(source => source.pages.some(page => page.blocks.some(block => block.type === 'map'))).map(source => [source.key] as const))('%s: the map and contact details are the owner\'s', (key) => {
    const template = instantiateTemplate(key, owner)!
    const map = template.pages.flatMap(page => page.blocks).find(block => block.type === 'map')!
    expect(map.content).toMatchObject({ address: 'Peluquería Lucía Ortega\nCalle de Fuencarral 45\n28004 Madrid' })
    expect(map.content).not.toHaveProperty('latitude')
    const site = JSON.stringify(template)
    expect(site).toContain('+34 912 345 678')
    expect(site).toContain('tel:+34912345678')
  })

  it('prices are written in the site\'s currency and language', () => {
    expect(fillPlaceholders('desde {{price:48}}', owner)).toBe('desde 48,00\u00A0€')
    expect(fillPlaceholders('from {{price:48}}', { ...owner, currency: 'GBP', locale: 'en-GB' })).toBe('from £48.00')
  })

  it('an owner\'s name is text in rich text, not markup', () => {
    const template = instantiateTemplate('restaurant', { ...owner, name: 'Fish & <b>Chips</b>' })!
    const story = template.pages[0]!.blocks.find(block => block.id === 'story')!
    expect(JSON.stringify(story.content)).toContain('Fish &amp; &lt;b&gt;Chips&lt;/b&gt;')
  })

  it('a placeholder no one defined is a template bug, and fails loudly', () => {
    expect(() => fillPlaceholders('{{business.fax}}', owner)).toThrow(/Unknown template placeholder/)
  })

  it('templates with bookings show the hours that can be booked', () => {
    for (const source of templateSources.filter(template => template.bookings)) {
      const template = instantiateTemplate(source.key, owner)!
      const blocks = template.pages.flatMap(page => page.blocks).filter(block => block.type === 'openingHours')
      expect(blocks.length, source.key).toBeGreaterThan(0)
      for (const block of blocks) {
        expect(block.content.hours).toEqual(source.bookings!.hours.map(row => ({ day: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'][row.weekday - 1], opens: row.start, closes: row.end })))
      }
    }
  })
})

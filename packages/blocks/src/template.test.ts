import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '@flectar/errors'
import { defaultTheme } from './theme'
import { defineTemplate, validateTemplate } from './template'

const template = defineTemplate({
  key: 'tiny',
  name: 'Tiny',
  description: 'A two-page test site.',
  category: 'personal',
  theme: defaultTheme,
  navigation: { header: [{ label: 'About', href: '/about' }], footer: [] },
  modules: ['linkHub'],
  locales: ['en'],
  pages: [
    { path: '/', title: 'Home', blocks: [{ id: 'intro', type: 'hero', content: { heading: 'Hello' } }] },
    { path: '/about', title: 'About', seo: { metaDescription: 'Who we are.' }, blocks: [{ id: 'text', type: 'richText', content: { html: '<p>Hi</p>' } }] },
  ],
})

function fieldsOf(input: unknown): Record<string, string> {
  try {
    validateTemplate(input)
  }
  catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError)
    return (error as InvalidInputError).data.fields!
  }
  throw new Error('expected a validation error')
}

describe('validateTemplate', () => {
  it('returns the template with every block complete', () => {
    const valid = validateTemplate(template)
    expect(valid.pages[0]?.blocks[0]?.content).toMatchObject({ heading: 'Hello', layout: 'centered' })
    expect(valid.pages[1]?.seo).toEqual({ metaDescription: 'Who we are.' })
  })

  it('reports bad block content with its full path', () => {
    const broken = { ...template, pages: [template.pages[0], { ...template.pages[1], blocks: [{ id: 'text', type: 'hero', content: { heading: '' } }] }] }
    expect(fieldsOf(broken)).toEqual({ 'pages.1.blocks.0.content.heading': 'Add a heading' })
  })

  it('needs unique page paths and a home page', () => {
    expect(fieldsOf({ ...template, pages: [template.pages[0], { ...template.pages[1], path: '/' }] })).toEqual({ 'pages.1.path': 'Another page has this path' })
    expect(fieldsOf({ ...template, pages: [template.pages[1]] })).toEqual({ pages: 'Add a home page (path /)' })
    expect(fieldsOf({ ...template, pages: [{ ...template.pages[0], path: '/About Us' }] })).toMatchObject({ 'pages.0.path': 'Use a path like / or /about or /services/colour' })
  })

  it('checks theme, modules and locales', () => {
    expect(fieldsOf({ ...template, theme: { ...defaultTheme, radius: 'huge' }, modules: ['teleport'], locales: [] })).toEqual({
      'theme.radius': 'Choose none, sm, md, lg or full',
      'modules.0': expect.stringContaining('Choose from'),
      'locales': 'Add at least one language',
    })
  })
})

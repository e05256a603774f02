import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '@flectar/errors'
import { createBlock } from './registry'
import { renderableBlocks, validateBlock, validatePageBlocks } from './validate-blocks'

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run()
  }
  catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError)
    expect((error as InvalidInputError).statusCode).toBe(422)
    return (error as InvalidInputError).data.fields!
  }
  throw new Error('expected a validation error')
}

const hero = { id: 'intro', type: 'hero', content: { heading: 'Welcome' } }

describe('validatePageBlocks', () => {
  it('returns cleaned blocks with defaults filled in', () => {
    const [block] = validatePageBlocks([{ id: 'intro', type: 'hero', content: { heading: '  Welcome  ', extra: 'dropped' } }])
    expect(block).toEqual({
      id: 'intro',
      type: 'hero',
      content: { eyebrow: '', heading: 'Welcome', subheading: '', ctaLabel: '', ctaHref: '', secondaryCtaLabel: '', secondaryCtaHref: '', layout: 'centered' },
    })
  })

  it('sanitizes rich text on the way in', () => {
    const [block] = validatePageBlocks([{ id: 'text', type: 'richText', content: { html: '<p onclick="x()">Hi<script>alert(1)</script></p>' } }])
    expect(block?.content).toMatchObject({ html: '<p>Hi</p>' })
  })

  it('names the exact path of a bad field', () => {
    const gallery = { id: 'photos', type: 'gallery', content: { items: [{ image: { url: '/a.jpg', alt: '' } }] } }
    expect(fieldsOf(() => validatePageBlocks([hero, { ...hero, id: 'second' }, gallery]))).toEqual({
      'blocks.2.content.items.0.image.alt': 'Describe the image for people who cannot see it, or mark it as decorative',
    })
  })

  it('reports every bad field at once', () => {
    const fields = fieldsOf(() => validatePageBlocks([
      { id: 'a', type: 'hero', content: { heading: '', ctaLabel: 'Go' } },
      { id: 'b', type: 'callToAction', content: { heading: 'Hi', buttonLabel: 'Go', buttonHref: 'javascript:alert(1)' } },
      { id: 'c', type: 'faq', content: { items: [{ question: 'Q?', answer: 42 }] } },
    ]))
    expect(fields).toEqual({
      'blocks.0.content.heading': 'Add a heading',
      'blocks.0.content.ctaHref': 'Add where the button leads',
      'blocks.1.content.buttonHref': expect.stringContaining('Use a web address'),
      'blocks.2.content.items.0.answer': 'Add the answer',
    })
  })

  it('rejects an unknown type at blocks.N.type', () => {
    expect(fieldsOf(() => validatePageBlocks([hero, { id: 'x', type: 'marquee', content: {} }]))).toEqual({ 'blocks.1.type': 'Unknown block type' })
  })

  it('rejects bad ids, duplicate ids and missing content', () => {
    expect(fieldsOf(() => validatePageBlocks([{ ...hero, id: 'has space' }]))).toEqual({ 'blocks.0.id': 'Use 1 to 64 letters, digits, - or _' })
    expect(fieldsOf(() => validatePageBlocks([hero, hero]))).toEqual({ 'blocks.1.id': 'Another block on this page has the same id' })
    expect(fieldsOf(() => validatePageBlocks([{ id: 'a', type: 'hero' }]))).toEqual({ 'blocks.0.content': 'This is missing or has the wrong shape' })
  })

  it('rejects what is not a list', () => {
    expect(fieldsOf(() => validatePageBlocks({ 0: hero }))).toEqual({ blocks: 'Blocks must be a list' })
  })

  it('accepts a new block of every type', () => {
    const blocks = ['hero', 'richText', 'gallery', 'map', 'contactForm', 'spacer'].map(type => createBlock(type))
    expect(validatePageBlocks(blocks)).toEqual(blocks)
  })
})

describe('validateBlock', () => {
  it('reports paths inside the block', () => {
    expect(fieldsOf(() => validateBlock({ id: 'v', type: 'videoEmbed', content: { url: 'https://example.com/video', title: 'Tour' } })))
      .toEqual({ 'content.url': 'Use a YouTube or Vimeo video link' })
    expect(fieldsOf(() => validateBlock({ id: 'v', content: {} }))).toEqual({ type: 'Unknown block type' })
  })
})

describe('renderableBlocks', () => {
  it('keeps known blocks and returns unknown ones separately, never throwing', () => {
    const result = renderableBlocks([
      hero,
      { id: 'old', type: 'marquee', content: { text: 'Sale!' } },
      null,
      'junk',
      { id: 'broken', type: 'callToAction', content: { heading: '' } },
    ])
    expect(result.blocks.map(block => block.id)).toEqual(['intro'])
    expect(result.unknown).toEqual([{ id: 'old', type: 'marquee' }, { id: '', type: '' }, { id: '', type: '' }])
    expect(result.invalid).toEqual([{ id: 'broken', type: 'callToAction', fields: expect.objectContaining({ 'content.heading': 'Add a heading' }) }])
  })

  it('re-sanitizes stored rich text before rendering', () => {
    const { blocks } = renderableBlocks([{ id: 't', type: 'richText', content: { html: '<p>ok</p><img src=x onerror=alert(1)>' } }])
    expect(blocks[0]?.content).toMatchObject({ html: '<p>ok</p>' })
  })

  it('renders nothing from something that is not a list', () => {
    expect(renderableBlocks(undefined)).toEqual({ blocks: [], unknown: [], invalid: [] })
  })
})

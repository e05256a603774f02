import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { InvalidInputError } from '@flectar/errors'
import type { EditorField } from './block-definition'
import { blockDefinitions, blockRegistry, createBlock, getBlockDefinition, isBlockType, listBlockDefinitions, type BlockType } from './registry'

const REQUIRED_TYPES = [
  'hero', 'richText', 'image', 'gallery', 'columns', 'featureGrid', 'callToAction', 'faq', 'testimonials',
  'pricingTable', 'team', 'openingHours', 'map', 'videoEmbed', 'contactForm', 'bookingWidget', 'linkList', 'spacer',
]

/** The object schema behind optional/default/array wrappers, if any. */
function innerObject(schema: z.ZodType): z.ZodObject | undefined {
  let current: unknown = schema
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof z.ZodObject) return current
    if (current instanceof z.ZodArray) current = current.element
    else if (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap()
    else return undefined
  }
  return undefined
}

/** Every field names a schema key and every schema key has a field, recursively for lists. */
function expectFieldsToMatch(fields: EditorField[], schema: z.ZodObject, where: string) {
  expect(fields.map(field => field.name).sort(), where).toEqual(Object.keys(schema.shape).filter(key => key !== 'mediaId').sort())
  for (const field of fields) {
    const fieldSchema = schema.shape[field.name] as z.ZodType
    if (field.kind === 'list') {
      const item = innerObject(fieldSchema)
      expect(item, `${where}.${field.name} is a list of objects`).toBeDefined()
      expectFieldsToMatch(field.itemFields ?? [], item!, `${where}.${field.name}`)
    }
    if (field.kind === 'select') {
      const values = field.options?.map(option => option.value)
      expect(values?.length, `${where}.${field.name} has options`).toBeGreaterThan(0)
      for (const value of values ?? []) expect(fieldSchema.safeParse(value).success, `${where}.${field.name}=${value}`).toBe(true)
    }
    if (field.kind === 'image') expect(Object.keys(innerObject(fieldSchema)?.shape ?? {}), `${where}.${field.name}`).toContain('alt')
  }
}

describe('block registry', () => {
  it('has every block type the product promises, once', () => {
    expect(blockDefinitions.map(definition => definition.type).sort()).toEqual([...REQUIRED_TYPES].sort())
    expect(blockRegistry.size).toBe(REQUIRED_TYPES.length)
  })

  it.each(blockDefinitions.map(definition => [definition.type, definition] as const))('%s: defaults pass its own schema unchanged', (_type, definition) => {
    const defaults = definition.defaults()
    const parsed = definition.schema.safeParse(defaults)
    expect(parsed.error?.issues ?? []).toEqual([])
    expect(parsed.data).toEqual(defaults)
  })

  it.each(blockDefinitions.map(definition => [definition.type, definition] as const))('%s: the editor form covers the schema', (type, definition) => {
    expectFieldsToMatch(definition.fields, definition.schema, type)
  })

  it.each(blockDefinitions.map(definition => [definition.type, definition] as const))('%s: describes itself for the picker', (_type, definition) => {
    expect(definition.label).not.toBe('')
    expect(definition.description.length).toBeGreaterThan(10)
    expect(definition.icon).toMatch(/^i-lucide-[a-z0-9-]+$/)
    expect(['content', 'media', 'layout', 'interactive']).toContain(definition.category)
  })

  it('marks the blocks that may hydrate as interactive', () => {
    expect(blockDefinitions.filter(definition => definition.interactive).map(definition => definition.type).sort())
      .toEqual(['bookingWidget', 'contactForm', 'gallery'])
  })

  it('looks definitions up by type', () => {
    expect(getBlockDefinition('hero').label).toBe('Hero')
    expect(getBlockDefinition('nope')).toBeUndefined()
    expect(isBlockType('faq')).toBe(true)
    expect(isBlockType('constructor')).toBe(false)
    expect(listBlockDefinitions()).toHaveLength(REQUIRED_TYPES.length)
  })

  it('creates a block with a fresh id and default content', () => {
    const first = createBlock('faq')
    const second = createBlock('faq')
    expect(first.type).toBe('faq')
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(first.id).not.toBe(second.id)
    expect(first.content).toEqual(getBlockDefinition('faq').defaults())
    const type: BlockType = first.type
    expect(type).toBe('faq')
  })

  it('refuses to create an unknown block type', () => {
    expect(() => createBlock('marquee')).toThrow(InvalidInputError)
  })
})

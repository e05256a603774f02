import type { z } from 'zod'
import { InvalidInputError } from '@flectar/errors'
import { bookingWidget } from './blocks/booking-widget'
import { callToAction } from './blocks/call-to-action'
import { columns } from './blocks/columns'
import { contactForm } from './blocks/contact-form'
import { faq } from './blocks/faq'
import { featureGrid } from './blocks/feature-grid'
import { gallery } from './blocks/gallery'
import { hero } from './blocks/hero'
import { imageBlock } from './blocks/image'
import { linkList } from './blocks/link-list'
import { map } from './blocks/map'
import { openingHours } from './blocks/opening-hours'
import { pricingTable } from './blocks/pricing-table'
import { richTextBlock } from './blocks/rich-text'
import { spacer } from './blocks/spacer'
import { team } from './blocks/team'
import { testimonials } from './blocks/testimonials'
import { videoEmbed } from './blocks/video-embed'

/** Every block type, in the order the editor's picker lists them. */
export const blockDefinitions = [
  hero, richTextBlock, imageBlock, gallery, columns, featureGrid, callToAction, faq, testimonials,
  pricingTable, team, openingHours, map, videoEmbed, contactForm, bookingWidget, linkList, spacer,
] as const

export type AnyBlockDefinition = typeof blockDefinitions[number]
export type BlockType = AnyBlockDefinition['type']

/** Content type of each block type, after validation (defaults filled in, text trimmed, HTML sanitized). */
export type BlockContentByType = { [Definition in AnyBlockDefinition as Definition['type']]: z.output<Definition['schema']> }

/** A validated block; `Block<'hero'>` narrows to one type. */
export type Block<Type extends BlockType = BlockType> = { [Key in Type]: { id: string, type: Key, content: BlockContentByType[Key], example?: boolean } }[Type]

/** Content as written (e.g. in templates): fields with defaults may be left out. */
export type BlockInputContentByType = { [Definition in AnyBlockDefinition as Definition['type']]: z.input<Definition['schema']> }

/** A block before validation, typed for authors of block data (templates, tests). */
export type BlockInput<Type extends BlockType = BlockType> = { [Key in Type]: { id: string, type: Key, content: BlockInputContentByType[Key], example?: boolean } }[Type]

export const blockRegistry: ReadonlyMap<string, AnyBlockDefinition> = new Map(blockDefinitions.map(definition => [definition.type, definition]))

export function isBlockType(type: unknown): type is BlockType {
  return typeof type === 'string' && blockRegistry.has(type)
}

export function getBlockDefinition<Type extends BlockType>(type: Type): Extract<AnyBlockDefinition, { type: Type }>
export function getBlockDefinition(type: string): AnyBlockDefinition | undefined
export function getBlockDefinition(type: string): AnyBlockDefinition | undefined {
  return blockRegistry.get(type)
}

export function listBlockDefinitions(): AnyBlockDefinition[] {
  return [...blockDefinitions]
}

/** A new block of a type with its default content; an unknown type is a 422 on `type`. */
export function createBlock<Type extends BlockType>(type: Type): Block<Type>
export function createBlock(type: string): Block
export function createBlock(type: string): Block {
  const definition = blockRegistry.get(type)
  if (!definition) throw new InvalidInputError({ type: 'Unknown block type' })
  return { id: crypto.randomUUID(), type: definition.type, content: definition.defaults() } as Block
}

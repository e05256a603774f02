import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, optionalLinkUrlSchema, optionalText, requireLinkPair, requiredText } from '../fields'

/**
 * Prices here are display text ("€45", "from £30"), not amounts: this block shows a price
 * list or a menu. Charging money belongs to bookings and payments (minor units + currency).
 */
export const pricingTableSchema = z.object({
  heading: optionalText(120),
  intro: optionalText(400),
  layout: choice(['cards', 'list'], 'cards'),
  items: z.array(z.object({
    name: requiredText('Add a name', 80),
    price: requiredText('Add a price', 40),
    description: optionalText(300),
    features: optionalText(1000),
    highlighted: z.boolean().default(false),
    ctaLabel: optionalText(40),
    ctaHref: optionalLinkUrlSchema,
  }).superRefine(requireLinkPair('ctaLabel', 'ctaHref')))
    .min(1, 'Add at least one item')
    .max(60, 'Use at most 60 items'),
  note: optionalText(300),
})

export type PricingTableContent = z.output<typeof pricingTableSchema>

/** The features text, one per line, as a list. */
export function featureLines(features: string): string[] {
  return features.split('\n').map(line => line.trim()).filter(Boolean)
}

export const pricingTable = defineBlock({
  type: 'pricingTable',
  label: 'Prices',
  description: 'A price list, plans side by side, or a menu section.',
  icon: 'i-lucide-tags',
  category: 'content',
  schema: pricingTableSchema,
  defaults: (): PricingTableContent => ({
    heading: 'Prices',
    intro: '',
    layout: 'cards',
    items: [
      { name: 'Basic', price: '€30', description: 'The essentials.', features: 'First feature\nSecond feature', highlighted: false, ctaLabel: '', ctaHref: '' },
      { name: 'Complete', price: '€50', description: 'Everything included.', features: 'First feature\nSecond feature\nThird feature', highlighted: true, ctaLabel: '', ctaHref: '' },
    ],
    note: '',
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    { name: 'intro', label: 'Introduction', kind: 'textarea' },
    {
      name: 'layout',
      label: 'Layout',
      kind: 'select',
      options: [
        { value: 'cards', label: 'Cards side by side' },
        { value: 'list', label: 'List (price lists, menus)' },
      ],
    },
    {
      name: 'items',
      label: 'Items',
      kind: 'list',
      itemLabel: 'item',
      maxItems: 60,
      itemFields: [
        { name: 'name', label: 'Name', kind: 'text', required: true },
        { name: 'price', label: 'Price', kind: 'text', required: true, help: 'As it should read, e.g. €45 or from £30.' },
        { name: 'description', label: 'Description', kind: 'textarea' },
        { name: 'features', label: 'Included', kind: 'textarea', help: 'One per line.' },
        { name: 'highlighted', label: 'Highlight this item', kind: 'toggle' },
        { name: 'ctaLabel', label: 'Button text', kind: 'text' },
        { name: 'ctaHref', label: 'Button link', kind: 'url' },
      ],
    },
    { name: 'note', label: 'Note below', kind: 'text', help: 'E.g. "Prices include VAT."' },
  ],
  interactive: false,
})

import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, imageSchema, optionalLinkUrlSchema, optionalText, requireLinkPair, requiredText } from '../fields'

export const featureGridSchema = z.object({
  heading: optionalText(120),
  intro: optionalText(400),
  items: z.array(z.object({
    title: requiredText('Add a title', 100),
    text: optionalText(400),
    image: imageSchema.optional(),
    linkLabel: optionalText(40),
    href: optionalLinkUrlSchema,
  }).superRefine(requireLinkPair('linkLabel', 'href')))
    .min(1, 'Add at least one item')
    .max(12, 'Use at most 12 items'),
  columns: choice(['2', '3', '4'], '3'),
})

export type FeatureGridContent = z.output<typeof featureGridSchema>

export const featureGrid = defineBlock({
  type: 'featureGrid',
  label: 'Feature grid',
  description: 'Cards in a grid: services, benefits or listings, each with an optional image and link.',
  icon: 'i-lucide-layout-grid',
  category: 'layout',
  schema: featureGridSchema,
  defaults: (): FeatureGridContent => ({
    heading: 'What we offer',
    intro: '',
    items: [
      { title: 'First service', text: 'What it is and who it is for, in one or two sentences.', linkLabel: '', href: '' },
      { title: 'Second service', text: 'What it is and who it is for, in one or two sentences.', linkLabel: '', href: '' },
      { title: 'Third service', text: 'What it is and who it is for, in one or two sentences.', linkLabel: '', href: '' },
    ],
    columns: '3',
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    { name: 'intro', label: 'Introduction', kind: 'textarea' },
    {
      name: 'items',
      label: 'Items',
      kind: 'list',
      itemLabel: 'item',
      maxItems: 12,
      itemFields: [
        { name: 'title', label: 'Title', kind: 'text', required: true },
        { name: 'text', label: 'Text', kind: 'textarea' },
        { name: 'image', label: 'Image', kind: 'image' },
        { name: 'linkLabel', label: 'Link text', kind: 'text' },
        { name: 'href', label: 'Link', kind: 'url' },
      ],
    },
    {
      name: 'columns',
      label: 'Columns on wide screens',
      kind: 'select',
      options: [{ value: '2', label: '2' }, { value: '3', label: '3' }, { value: '4', label: '4' }],
    },
  ],
  interactive: false,
})

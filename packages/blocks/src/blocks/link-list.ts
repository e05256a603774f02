import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, linkUrlSchema, optionalText, requiredText } from '../fields'

export const linkListSchema = z.object({
  heading: optionalText(120),
  links: z.array(z.object({
    label: requiredText('Add the link text', 80),
    href: linkUrlSchema,
    description: optionalText(160),
  })).min(1, 'Add at least one link').max(50, 'Use at most 50 links'),
  style: choice(['buttons', 'list', 'inline'], 'buttons'),
})

export type LinkListContent = z.output<typeof linkListSchema>

export const linkList = defineBlock({
  type: 'linkList',
  label: 'Links',
  description: 'A list of links: big buttons for a link-in-bio page, a plain list, or a row of social links.',
  icon: 'i-lucide-link',
  category: 'content',
  schema: linkListSchema,
  defaults: (): LinkListContent => ({
    heading: '',
    links: [
      { label: 'Book an appointment', href: '/book', description: '' },
      { label: 'Email us', href: 'mailto:hello@example.com', description: '' },
    ],
    style: 'buttons',
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    {
      name: 'links',
      label: 'Links',
      kind: 'list',
      itemLabel: 'link',
      maxItems: 50,
      itemFields: [
        { name: 'label', label: 'Text', kind: 'text', required: true },
        { name: 'href', label: 'Link', kind: 'url', required: true },
        { name: 'description', label: 'Description', kind: 'text' },
      ],
    },
    {
      name: 'style',
      label: 'Style',
      kind: 'select',
      options: [
        { value: 'buttons', label: 'Big buttons' },
        { value: 'list', label: 'List' },
        { value: 'inline', label: 'In a row (social links)' },
      ],
    },
  ],
  interactive: false,
})

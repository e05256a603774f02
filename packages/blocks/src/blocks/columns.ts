import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { imageSchema, optionalText, richText } from '../fields'

export const columnsSchema = z.object({
  heading: optionalText(120),
  columns: z.array(z.object({
    heading: optionalText(120),
    body: richText({ max: 10_000 }),
    image: imageSchema.optional(),
  })).min(1, 'Add at least one column').max(4, 'Use at most 4 columns'),
})

export type ColumnsContent = z.output<typeof columnsSchema>

export const columns = defineBlock({
  type: 'columns',
  label: 'Columns',
  description: 'Two to four columns of text, each with an optional image.',
  icon: 'i-lucide-columns-3',
  category: 'layout',
  schema: columnsSchema,
  defaults: (): ColumnsContent => ({
    heading: '',
    columns: [
      { heading: 'First point', body: '<p>A short paragraph about the first thing visitors should know.</p>' },
      { heading: 'Second point', body: '<p>A short paragraph about the second thing visitors should know.</p>' },
    ],
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    {
      name: 'columns',
      label: 'Columns',
      kind: 'list',
      itemLabel: 'column',
      maxItems: 4,
      itemFields: [
        { name: 'heading', label: 'Heading', kind: 'text' },
        { name: 'body', label: 'Text', kind: 'richtext' },
        { name: 'image', label: 'Image', kind: 'image' },
      ],
    },
  ],
  interactive: false,
})

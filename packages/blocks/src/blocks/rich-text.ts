import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, richText } from '../fields'

export const richTextSchema = z.object({
  html: richText({ required: 'Write some text' }),
  width: choice(['narrow', 'wide'], 'narrow'),
})

export type RichTextContent = z.output<typeof richTextSchema>

export const richTextBlock = defineBlock({
  type: 'richText',
  label: 'Text',
  description: 'Headings, paragraphs, lists, quotes and links.',
  icon: 'i-lucide-text',
  category: 'content',
  schema: richTextSchema,
  defaults: (): RichTextContent => ({
    html: '<h2>A heading for this section</h2><p>Tell your visitors what they need to know. Keep paragraphs short and link to the pages that help them decide.</p>',
    width: 'narrow',
  }),
  fields: [
    { name: 'html', label: 'Text', kind: 'richtext', required: true },
    {
      name: 'width',
      label: 'Width',
      kind: 'select',
      options: [
        { value: 'narrow', label: 'Narrow (best for reading)' },
        { value: 'wide', label: 'Wide' },
      ],
    },
  ],
  interactive: false,
})

import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, imageSchema, optionalLinkUrlSchema, optionalText, placeholderImage } from '../fields'

export const imageBlockSchema = z.object({
  image: imageSchema,
  caption: optionalText(300),
  href: optionalLinkUrlSchema,
  width: choice(['content', 'wide', 'full'], 'content'),
})

export type ImageContent = z.output<typeof imageBlockSchema>

export const imageBlock = defineBlock({
  type: 'image',
  label: 'Image',
  description: 'One image with an optional caption and link.',
  icon: 'i-lucide-image',
  category: 'media',
  schema: imageBlockSchema,
  defaults: (): ImageContent => ({ image: placeholderImage(), caption: '', href: '', width: 'content' }),
  fields: [
    { name: 'image', label: 'Image', kind: 'image', required: true },
    { name: 'caption', label: 'Caption', kind: 'text' },
    { name: 'href', label: 'Link', kind: 'url', help: 'Optional: where a click on the image leads.' },
    {
      name: 'width',
      label: 'Width',
      kind: 'select',
      options: [
        { value: 'content', label: 'Text width' },
        { value: 'wide', label: 'Wide' },
        { value: 'full', label: 'Full width' },
      ],
    },
  ],
  interactive: false,
})

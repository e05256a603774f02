import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, imageSchema, optionalText, placeholderImage } from '../fields'

export const gallerySchema = z.object({
  heading: optionalText(120),
  items: z.array(z.object({ image: imageSchema, caption: optionalText(200) }))
    .min(1, 'Add at least one image')
    .max(48, 'A gallery holds at most 48 images'),
  columns: choice(['2', '3', '4'], '3'),
  lightbox: z.boolean().default(true),
})

export type GalleryContent = z.output<typeof gallerySchema>

export const gallery = defineBlock({
  type: 'gallery',
  label: 'Gallery',
  description: 'A grid of images that open larger on click (works without JavaScript).',
  icon: 'i-lucide-images',
  category: 'media',
  schema: gallerySchema,
  defaults: (): GalleryContent => ({
    heading: 'Gallery',
    items: [1, 2, 3].map(index => ({ image: placeholderImage(`Placeholder image ${index}`), caption: '' })),
    columns: '3',
    lightbox: true,
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    {
      name: 'items',
      label: 'Images',
      kind: 'list',
      itemLabel: 'image',
      maxItems: 48,
      itemFields: [
        { name: 'image', label: 'Image', kind: 'image', required: true },
        { name: 'caption', label: 'Caption', kind: 'text' },
      ],
    },
    {
      name: 'columns',
      label: 'Columns on wide screens',
      kind: 'select',
      options: [{ value: '2', label: '2' }, { value: '3', label: '3' }, { value: '4', label: '4' }],
    },
    { name: 'lightbox', label: 'Open images larger on click', kind: 'toggle' },
  ],
  interactive: true,
})

import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { imageSchema, optionalText, requiredText } from '../fields'

export const testimonialsSchema = z.object({
  heading: optionalText(120),
  items: z.array(z.object({
    quote: requiredText('Add the quote', 800),
    author: requiredText('Add who said it', 80),
    role: optionalText(80),
    rating: z.number('Enter a rating from 1 to 5').int('Use a whole number').min(1, 'Use 1 to 5').max(5, 'Use 1 to 5').optional(),
    image: imageSchema.optional(),
  })).min(1, 'Add at least one testimonial').max(12, 'Use at most 12 testimonials'),
})

export type TestimonialsContent = z.output<typeof testimonialsSchema>

export const testimonials = defineBlock({
  type: 'testimonials',
  label: 'Testimonials',
  description: 'Quotes from happy customers, with optional star ratings.',
  icon: 'i-lucide-quote',
  category: 'content',
  schema: testimonialsSchema,
  defaults: (): TestimonialsContent => ({
    heading: 'What our customers say',
    items: [
      { quote: 'Friendly, on time and exactly what I asked for. I will be back.', author: 'A happy customer', role: '', rating: 5 },
      { quote: 'Booking took a minute and the reminder saved me a missed appointment.', author: 'A regular', role: '', rating: 5 },
    ],
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    {
      name: 'items',
      label: 'Testimonials',
      kind: 'list',
      itemLabel: 'testimonial',
      maxItems: 12,
      itemFields: [
        { name: 'quote', label: 'Quote', kind: 'textarea', required: true },
        { name: 'author', label: 'Name', kind: 'text', required: true },
        { name: 'role', label: 'Role or place', kind: 'text' },
        { name: 'rating', label: 'Stars (1–5)', kind: 'number', min: 1, max: 5, step: 1 },
        { name: 'image', label: 'Photo', kind: 'image' },
      ],
    },
  ],
  interactive: false,
})

import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { optionalText, requiredText } from '../fields'

export const faqSchema = z.object({
  heading: optionalText(120),
  items: z.array(z.object({
    question: requiredText('Add the question', 200),
    answer: requiredText('Add the answer', 2000),
  })).min(1, 'Add at least one question').max(40, 'Use at most 40 questions'),
})

export type FaqContent = z.output<typeof faqSchema>

export const faq = defineBlock({
  type: 'faq',
  label: 'FAQ',
  description: 'Questions that open to show their answers (no JavaScript needed).',
  icon: 'i-lucide-circle-help',
  category: 'content',
  schema: faqSchema,
  defaults: (): FaqContent => ({
    heading: 'Frequently asked questions',
    items: [
      { question: 'How do I book?', answer: 'Use the booking page or call us; we confirm every booking by email.' },
      { question: 'Can I cancel?', answer: 'Yes. Cancel or move your booking from the link in your confirmation email.' },
    ],
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    {
      name: 'items',
      label: 'Questions',
      kind: 'list',
      itemLabel: 'question',
      maxItems: 40,
      itemFields: [
        { name: 'question', label: 'Question', kind: 'text', required: true },
        { name: 'answer', label: 'Answer', kind: 'textarea', required: true, help: 'A blank line starts a new paragraph.' },
      ],
    },
  ],
  interactive: false,
})

import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, linkUrlSchema, optionalText, requiredText } from '../fields'

export const callToActionSchema = z.object({
  heading: requiredText('Add a heading', 120),
  text: optionalText(400),
  buttonLabel: requiredText('Add the button text', 40),
  buttonHref: linkUrlSchema,
  tone: choice(['primary', 'accent', 'subtle'], 'primary'),
})

export type CallToActionContent = z.output<typeof callToActionSchema>

export const callToAction = defineBlock({
  type: 'callToAction',
  label: 'Call to action',
  description: 'A coloured band with a heading and one button.',
  icon: 'i-lucide-megaphone',
  category: 'content',
  schema: callToActionSchema,
  defaults: (): CallToActionContent => ({
    heading: 'Ready when you are',
    text: 'Tell visitors what happens next.',
    buttonLabel: 'Contact us',
    buttonHref: '#contact',
    tone: 'primary',
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text', required: true },
    { name: 'text', label: 'Text', kind: 'textarea' },
    { name: 'buttonLabel', label: 'Button text', kind: 'text', required: true },
    { name: 'buttonHref', label: 'Button link', kind: 'url', required: true },
    {
      name: 'tone',
      label: 'Colour',
      kind: 'select',
      options: [
        { value: 'primary', label: 'Primary colour' },
        { value: 'accent', label: 'Accent colour' },
        { value: 'subtle', label: 'Subtle' },
      ],
    },
  ],
  interactive: false,
})

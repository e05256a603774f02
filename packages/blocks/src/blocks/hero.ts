import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, imageSchema, optionalLinkUrlSchema, optionalText, requireLinkPair, requiredText } from '../fields'

export const heroSchema = z.object({
  eyebrow: optionalText(60),
  heading: requiredText('Add a heading', 120),
  subheading: optionalText(300),
  ctaLabel: optionalText(40),
  ctaHref: optionalLinkUrlSchema,
  secondaryCtaLabel: optionalText(40),
  secondaryCtaHref: optionalLinkUrlSchema,
  image: imageSchema.optional(),
  layout: choice(['centered', 'split', 'background'], 'centered'),
})
  .superRefine(requireLinkPair('ctaLabel', 'ctaHref'))
  .superRefine(requireLinkPair('secondaryCtaLabel', 'secondaryCtaHref'))
  .superRefine((content, ctx) => {
    if (content.layout !== 'centered' && !content.image) ctx.addIssue({ code: 'custom', path: ['image'], message: 'Choose an image for this layout' })
  })

export type HeroContent = z.output<typeof heroSchema>

export const hero = defineBlock({
  type: 'hero',
  label: 'Hero',
  description: 'The big opening of a page: heading, a sentence and up to two buttons, with an optional image.',
  icon: 'i-lucide-panel-top',
  category: 'content',
  schema: heroSchema,
  defaults: (): HeroContent => ({
    eyebrow: '',
    heading: 'A clear promise in a few words',
    subheading: 'One or two sentences that say who you help and how.',
    ctaLabel: 'Get in touch',
    ctaHref: '#contact',
    secondaryCtaLabel: '',
    secondaryCtaHref: '',
    layout: 'centered',
  }),
  fields: [
    { name: 'eyebrow', label: 'Small line above the heading', kind: 'text' },
    { name: 'heading', label: 'Heading', kind: 'text', required: true },
    { name: 'subheading', label: 'Text', kind: 'textarea' },
    { name: 'ctaLabel', label: 'Button text', kind: 'text' },
    { name: 'ctaHref', label: 'Button link', kind: 'url' },
    { name: 'secondaryCtaLabel', label: 'Second button text', kind: 'text' },
    { name: 'secondaryCtaHref', label: 'Second button link', kind: 'url' },
    { name: 'image', label: 'Image', kind: 'image' },
    {
      name: 'layout',
      label: 'Layout',
      kind: 'select',
      options: [
        { value: 'centered', label: 'Centered text' },
        { value: 'split', label: 'Text beside the image' },
        { value: 'background', label: 'Text over the image' },
      ],
    },
  ],
  interactive: false,
})

import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { imageSchema, optionalText, requiredText } from '../fields'

export const teamSchema = z.object({
  heading: optionalText(120),
  intro: optionalText(400),
  members: z.array(z.object({
    name: requiredText('Add a name', 80),
    role: optionalText(80),
    bio: optionalText(500),
    image: imageSchema.optional(),
  })).min(1, 'Add at least one person').max(24, 'Use at most 24 people'),
})

export type TeamContent = z.output<typeof teamSchema>

export const team = defineBlock({
  type: 'team',
  label: 'Team',
  description: 'The people behind the business, with photos and short bios.',
  icon: 'i-lucide-users',
  category: 'content',
  schema: teamSchema,
  defaults: (): TeamContent => ({
    heading: 'Meet the team',
    intro: '',
    members: [
      { name: 'First person', role: 'Founder', bio: 'A sentence about their experience and what they love doing.' },
      { name: 'Second person', role: 'Specialist', bio: 'A sentence about their experience and what they love doing.' },
    ],
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    { name: 'intro', label: 'Introduction', kind: 'textarea' },
    {
      name: 'members',
      label: 'People',
      kind: 'list',
      itemLabel: 'person',
      maxItems: 24,
      itemFields: [
        { name: 'name', label: 'Name', kind: 'text', required: true },
        { name: 'role', label: 'Role', kind: 'text' },
        { name: 'bio', label: 'Bio', kind: 'textarea' },
        { name: 'image', label: 'Photo', kind: 'image' },
      ],
    },
  ],
  interactive: false,
})

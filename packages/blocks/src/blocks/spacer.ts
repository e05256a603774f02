import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice } from '../fields'

export const spacerSchema = z.object({
  style: choice(['space', 'line'], 'space'),
  size: choice(['sm', 'md', 'lg', 'xl'], 'md'),
})

export type SpacerContent = z.output<typeof spacerSchema>

export const spacer = defineBlock({
  type: 'spacer',
  label: 'Divider or space',
  description: 'Empty space or a thin line between sections.',
  icon: 'i-lucide-separator-horizontal',
  category: 'layout',
  schema: spacerSchema,
  defaults: (): SpacerContent => ({ style: 'space', size: 'md' }),
  fields: [
    {
      name: 'style',
      label: 'Style',
      kind: 'select',
      options: [{ value: 'space', label: 'Empty space' }, { value: 'line', label: 'Line' }],
    },
    {
      name: 'size',
      label: 'Size',
      kind: 'select',
      options: [
        { value: 'sm', label: 'Small' },
        { value: 'md', label: 'Medium' },
        { value: 'lg', label: 'Large' },
        { value: 'xl', label: 'Extra large' },
      ],
    },
  ],
  interactive: false,
})

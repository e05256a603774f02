import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, optionalText, requiredText } from '../fields'
import { parseVideoUrl } from '../video-url'

/** A YouTube or Vimeo video that loads (privacy-enhanced) only when the visitor clicks play. */
export const videoEmbedSchema = z.object({
  url: z.string('Paste a YouTube or Vimeo link').trim()
    .min(1, 'Paste a YouTube or Vimeo link')
    .max(500, 'Keep the link under 500 characters')
    .refine(url => parseVideoUrl(url) !== undefined, 'Use a YouTube or Vimeo video link'),
  title: requiredText('Describe the video in a few words', 120),
  caption: optionalText(300),
  aspectRatio: choice(['16:9', '4:3', '1:1', '9:16'], '16:9'),
  loadLabel: requiredText('Add the button text', 60).default('Play video'),
  consentText: requiredText('Say who receives data when the video loads', 300)
    .default('Playing the video loads it from {provider}, which will receive your IP address and may store cookies.'),
  watchLabel: requiredText('Add the link text', 60).default('Watch on {provider}'),
})

export type VideoEmbedContent = z.output<typeof videoEmbedSchema>

export const videoEmbed = defineBlock({
  type: 'videoEmbed',
  label: 'Video',
  description: 'A YouTube or Vimeo video; nothing loads from the provider until the visitor presses play.',
  icon: 'i-lucide-video',
  category: 'media',
  schema: videoEmbedSchema,
  defaults: (): VideoEmbedContent => ({
    url: 'https://www.youtube.com/watch?v=aqz-KE-bpKQ',
    title: 'Video',
    caption: '',
    aspectRatio: '16:9',
    loadLabel: 'Play video',
    consentText: 'Playing the video loads it from {provider}, which will receive your IP address and may store cookies.',
    watchLabel: 'Watch on {provider}',
  }),
  fields: [
    { name: 'url', label: 'YouTube or Vimeo link', kind: 'url', required: true },
    { name: 'title', label: 'Title', kind: 'text', required: true, help: 'Read out by screen readers as the name of the player.' },
    { name: 'caption', label: 'Caption', kind: 'text' },
    {
      name: 'aspectRatio',
      label: 'Shape',
      kind: 'select',
      options: [
        { value: '16:9', label: 'Widescreen (16:9)' },
        { value: '4:3', label: 'Classic (4:3)' },
        { value: '1:1', label: 'Square' },
        { value: '9:16', label: 'Vertical (9:16)' },
      ],
    },
    { name: 'loadLabel', label: 'Play button text', kind: 'text', required: true },
    { name: 'consentText', label: 'Privacy notice', kind: 'textarea', required: true, help: '{provider} becomes YouTube or Vimeo.' },
    { name: 'watchLabel', label: 'Link to the provider', kind: 'text', required: true, help: '{provider} becomes YouTube or Vimeo.' },
  ],
  interactive: false,
})

import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { optionalText, requiredText } from '../fields'

const coordinate = (label: string, limit: number) => z.number(`Enter the ${label} as a number`)
  .min(-limit, `The ${label} is between -${limit} and ${limit}`)
  .max(limit, `The ${label} is between -${limit} and ${limit}`)
  .optional()

/**
 * An address with a link to OpenStreetMap. With coordinates, an interactive map can be
 * loaded too — only when the visitor clicks, since the tiles come from a third party.
 */
export const mapSchema = z.object({
  heading: optionalText(120),
  address: requiredText('Add the address', 300),
  latitude: coordinate('latitude', 90),
  longitude: coordinate('longitude', 180),
  zoom: z.number('Enter a zoom level').int('Use a whole number').min(3, 'Use 3 to 19').max(19, 'Use 3 to 19').default(16),
  linkLabel: requiredText('Add the link text', 60).default('Open in OpenStreetMap'),
  loadLabel: requiredText('Add the button text', 60).default('Show the map'),
  consentText: requiredText('Say who receives data when the map loads', 300)
    .default('The map is loaded from OpenStreetMap, which will receive your IP address.'),
}).superRefine((content, ctx) => {
  if (content.latitude !== undefined && content.longitude === undefined) ctx.addIssue({ code: 'custom', path: ['longitude'], message: 'Add the longitude too, or clear the latitude' })
  if (content.longitude !== undefined && content.latitude === undefined) ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'Add the latitude too, or clear the longitude' })
})

export type MapContent = z.output<typeof mapSchema>

export const map = defineBlock({
  type: 'map',
  label: 'Map',
  description: 'Your address with a map link; the interactive map loads only when a visitor asks for it.',
  icon: 'i-lucide-map-pin',
  category: 'media',
  schema: mapSchema,
  defaults: (): MapContent => ({
    heading: 'Find us',
    address: 'Your street 1\n12345 Your town',
    zoom: 16,
    linkLabel: 'Open in OpenStreetMap',
    loadLabel: 'Show the map',
    consentText: 'The map is loaded from OpenStreetMap, which will receive your IP address.',
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    { name: 'address', label: 'Address', kind: 'textarea', required: true },
    { name: 'latitude', label: 'Latitude', kind: 'number', min: -90, max: 90, step: 0.000001, help: 'Optional: with coordinates, visitors can load an interactive map.' },
    { name: 'longitude', label: 'Longitude', kind: 'number', min: -180, max: 180, step: 0.000001 },
    { name: 'zoom', label: 'Zoom', kind: 'number', min: 3, max: 19, step: 1 },
    { name: 'linkLabel', label: 'Map link text', kind: 'text', required: true },
    { name: 'loadLabel', label: 'Load button text', kind: 'text', required: true },
    { name: 'consentText', label: 'Privacy notice', kind: 'textarea', required: true },
  ],
  interactive: false,
})

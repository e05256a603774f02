import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { heroSchema } from './hero'
import { imageBlockSchema } from './image'
import { mapSchema } from './map'
import { hoursByWeekday, openingHoursSchema, weekdayName } from './opening-hours'
import { featureLines, pricingTableSchema } from './pricing-table'
import { richTextSchema } from './rich-text'
import { spacerSchema } from './spacer'
import { testimonialsSchema } from './testimonials'
import { videoEmbedSchema } from './video-embed'

/** Field path -> message of the first issue per path. */
function issuesOf(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input)
  const fields: Record<string, string> = {}
  for (const issue of result.error?.issues ?? []) fields[issue.path.join('.')] ??= issue.message
  return fields
}

describe('block schemas', () => {
  it('hero: a button needs text and a link; split and background layouts need an image', () => {
    expect(issuesOf(heroSchema, { heading: 'Hi', ctaHref: '/book' })).toEqual({ ctaLabel: 'Add the button text' })
    expect(issuesOf(heroSchema, { heading: 'Hi', layout: 'split' })).toEqual({ image: 'Choose an image for this layout' })
    expect(issuesOf(heroSchema, { heading: 'Hi', layout: 'sideways' })).toEqual({ layout: 'Choose one of: centered, split, background' })
  })

  it('image: alt text is required unless the image is decorative', () => {
    expect(issuesOf(imageBlockSchema, { image: { url: '/a.png', alt: '   ' } })).toEqual({
      'image.alt': 'Describe the image for people who cannot see it, or mark it as decorative',
    })
    expect(imageBlockSchema.parse({ image: { url: '/a.png', decorative: true } }).image).toEqual({ url: '/a.png', alt: '', decorative: true })
    expect(issuesOf(imageBlockSchema, { image: { url: 'javascript:alert(1)', alt: 'x' } })).toEqual({
      'image.url': 'Use an uploaded image, a path on this site or an https:// address',
    })
  })

  it('map: latitude and longitude come together and stay in range', () => {
    expect(issuesOf(mapSchema, { address: 'Main St 1', latitude: 40.4 })).toEqual({ longitude: 'Add the longitude too, or clear the latitude' })
    expect(issuesOf(mapSchema, { address: 'Main St 1', latitude: 91, longitude: 0 })).toEqual({ latitude: 'The latitude is between -90 and 90' })
    expect(issuesOf(mapSchema, { address: 'Main St 1', latitude: '40', longitude: 0 })).toEqual({ latitude: 'Enter the latitude as a number' })
    expect(mapSchema.parse({ address: 'Main St 1' }).linkLabel).toBe('Open in OpenStreetMap')
  })

  it('opening hours: 24-hour times that differ', () => {
    expect(issuesOf(openingHoursSchema, { hours: [{ day: 'monday', opens: '9am', closes: '17:00' }] })).toEqual({ 'hours.0.opens': 'Use 24-hour time, like 09:00 or 17:30' })
    expect(issuesOf(openingHoursSchema, { hours: [{ day: 'funday', opens: '09:00', closes: '09:00' }] })).toEqual({
      'hours.0.day': 'Choose a day',
    })
    expect(issuesOf(openingHoursSchema, { hours: [{ day: 'friday', opens: '09:00', closes: '09:00' }] })).toEqual({
      'hours.0.closes': 'The closing time must differ from the opening time',
    })
    expect(openingHoursSchema.safeParse({ hours: [{ day: 'saturday', opens: '20:00', closes: '02:00' }, { day: 'sunday', opens: '10:00', closes: '24:00' }] }).success).toBe(true)
  })

  it('opening hours: every weekday in order, closed days empty, ranges sorted', () => {
    const week = hoursByWeekday([
      { day: 'tuesday', opens: '19:00', closes: '23:00' },
      { day: 'tuesday', opens: '12:00', closes: '15:00' },
    ])
    expect(week.map(entry => entry.day)).toEqual(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
    expect(week[0]!.ranges).toEqual([])
    expect(week[1]!.ranges).toEqual([{ opens: '12:00', closes: '15:00' }, { opens: '19:00', closes: '23:00' }])
  })

  it('opening hours: weekday names in the page language', () => {
    expect(weekdayName('monday', 'en')).toBe('Monday')
    expect(weekdayName('sunday', 'es')).toBe('domingo')
    expect(weekdayName('friday', 'not a locale!')).toBe('Friday')
  })

  it('rich text: must contain text, not only tags', () => {
    expect(issuesOf(richTextSchema, { html: '<p> </p><script>alert(1)</script>' })).toEqual({ html: 'Write some text' })
  })

  it('testimonials: ratings are whole stars from 1 to 5', () => {
    expect(issuesOf(testimonialsSchema, { items: [{ quote: 'Great', author: 'Ana', rating: 6 }] })).toEqual({ 'items.0.rating': 'Use 1 to 5' })
    expect(issuesOf(testimonialsSchema, { items: [{ quote: 'Great', author: 'Ana', rating: 4.5 }] })).toEqual({ 'items.0.rating': 'Use a whole number' })
    expect(issuesOf(testimonialsSchema, { items: [] })).toEqual({ items: 'Add at least one testimonial' })
  })

  it('prices: features are written one per line', () => {
    expect(featureLines(' Wash\n\nCut \nFinish ')).toEqual(['Wash', 'Cut', 'Finish'])
    expect(issuesOf(pricingTableSchema, { items: [{ name: 'Cut', price: '' }] })).toEqual({ 'items.0.price': 'Add a price' })
  })

  it('video: only YouTube and Vimeo', () => {
    expect(issuesOf(videoEmbedSchema, { url: 'https://dailymotion.com/video/x1', title: 'Tour' })).toEqual({ url: 'Use a YouTube or Vimeo video link' })
    expect(videoEmbedSchema.safeParse({ url: 'https://youtu.be/dQw4w9WgXcQ', title: 'Tour' }).success).toBe(true)
  })

  it('spacer: fixed choices', () => {
    expect(issuesOf(spacerSchema, { style: 'dots' })).toEqual({ style: 'Choose one of: space, line' })
  })
})

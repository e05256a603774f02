import { z } from 'zod'
import { clockMinutes } from '@flectar/time'
import { defineBlock } from '../block-definition'
import { optionalText, requiredText } from '../fields'

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
export type Weekday = typeof WEEKDAYS[number]

const time = (message: string) => z.string(message).refine(text => !Number.isNaN(clockMinutes(text)), 'Use 24-hour time, like 09:00 or 17:30')

/**
 * Opening times per weekday; a day may have several rows (a lunch break) and a day with no
 * rows is shown as closed. A closing time before the opening time runs past midnight.
 */
export const openingHoursSchema = z.object({
  heading: optionalText(120),
  hours: z.array(z.object({
    day: z.enum(WEEKDAYS, 'Choose a day'),
    opens: time('Add the opening time'),
    closes: time('Add the closing time'),
  }).refine(row => row.opens !== row.closes, { path: ['closes'], message: 'The closing time must differ from the opening time' }))
    .max(21, 'Use at most 3 rows per day'),
  closedLabel: requiredText('Add the word for closed days', 40).default('Closed'),
  note: optionalText(300),
})

export type OpeningHoursContent = z.output<typeof openingHoursSchema>

/** Each weekday in order with its time ranges (sorted), empty when closed. */
export function hoursByWeekday(hours: OpeningHoursContent['hours']): Array<{ day: Weekday, ranges: Array<{ opens: string, closes: string }> }> {
  return WEEKDAYS.map(day => ({
    day,
    ranges: hours.filter(row => row.day === day)
      .map(({ opens, closes }) => ({ opens, closes }))
      .sort((a, b) => a.opens.localeCompare(b.opens)),
  }))
}

/** The weekday's name in the page's language (falls back to English for an unknown locale). */
export function weekdayName(day: Weekday, locale: string): string {
  // 2024-01-01 was a Monday.
  const date = Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day))
  try {
    return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(date)
  }
  catch {
    return new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' }).format(date)
  }
}

export const openingHours = defineBlock({
  type: 'openingHours',
  label: 'Opening hours',
  description: 'The week\'s opening times, with closed days and a note for holidays.',
  icon: 'i-lucide-clock',
  category: 'content',
  schema: openingHoursSchema,
  defaults: (): OpeningHoursContent => ({
    heading: 'Opening hours',
    hours: (['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const).map(day => ({ day, opens: '09:00', closes: '18:00' })),
    closedLabel: 'Closed',
    note: '',
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    {
      name: 'hours',
      label: 'Opening times',
      kind: 'list',
      itemLabel: 'time range',
      maxItems: 21,
      help: 'Days without a row are shown as closed. Add two rows for a day with a break.',
      itemFields: [
        {
          name: 'day',
          label: 'Day',
          kind: 'select',
          required: true,
          options: WEEKDAYS.map(day => ({ value: day, label: day[0]!.toUpperCase() + day.slice(1) })),
        },
        { name: 'opens', label: 'Opens', kind: 'text', required: true, help: '24-hour time, e.g. 09:00' },
        { name: 'closes', label: 'Closes', kind: 'text', required: true, help: '24-hour time, e.g. 18:30' },
      ],
    },
    { name: 'closedLabel', label: 'Word for closed days', kind: 'text', required: true },
    { name: 'note', label: 'Note', kind: 'text', help: 'E.g. "Closed on public holidays."' },
  ],
  interactive: false,
})

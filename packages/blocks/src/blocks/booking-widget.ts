import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { optionalText, requiredText } from '../fields'

/** Where bookings start; the bookings module serves it. */
export const BOOKING_PAGE_PATH = '/book'

/** Until the bookings module renders its widget here, a card linking to the booking page. */
export const bookingWidgetSchema = z.object({
  heading: requiredText('Add a heading', 120).default('Book an appointment'),
  text: optionalText(400),
  buttonLabel: requiredText('Add the button text', 40).default('Book now'),
  note: optionalText(200),
})

export type BookingWidgetContent = z.output<typeof bookingWidgetSchema>

export const bookingWidget = defineBlock({
  type: 'bookingWidget',
  label: 'Booking',
  description: 'Lets visitors book an appointment online.',
  icon: 'i-lucide-calendar-check',
  category: 'interactive',
  schema: bookingWidgetSchema,
  defaults: (): BookingWidgetContent => ({
    heading: 'Book an appointment',
    text: 'Choose a service and a time that suits you. You will get a confirmation by email.',
    buttonLabel: 'Book now',
    note: '',
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text', required: true },
    { name: 'text', label: 'Text', kind: 'textarea' },
    { name: 'buttonLabel', label: 'Button text', kind: 'text', required: true },
    { name: 'note', label: 'Small print', kind: 'text', help: 'E.g. your cancellation policy in one line.' },
  ],
  interactive: true,
})

import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, optionalText, requiredText } from '../fields'

/** Where bookings start; the site app serves the booking flow there. */
export const BOOKING_PAGE_PATH = '/book'

export const bookingWidgetSchema = z.object({
  heading: requiredText('Add a heading', 120).default('Book an appointment'),
  text: optionalText(400),
  buttonLabel: requiredText('Add the button text', 40).default('Book now'),
  /** Opens the flow with this service chosen; empty lets the visitor choose. */
  serviceId: z.union([z.literal(''), z.uuid('Paste a service id from Bookings → Services, or leave it empty')], 'Paste a service id from Bookings → Services, or leave it empty')
    .default(''),
  /** `button` links to the booking page (no script); `inline` shows the flow in the page. */
  mode: choice(['button', 'inline'], 'button'),
  note: optionalText(200),
})

export type BookingWidgetContent = z.output<typeof bookingWidgetSchema>

/** The booking page's address for this block, in the page itself (`embed`) or as a link. */
export function bookingWidgetHref(content: Pick<BookingWidgetContent, 'serviceId'>, embed = false): string {
  const query = new URLSearchParams()
  if (embed) query.set('embed', '1')
  if (content.serviceId) query.set('service', content.serviceId)
  const search = query.toString()
  return search ? `${BOOKING_PAGE_PATH}?${search}` : BOOKING_PAGE_PATH
}

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
    serviceId: '',
    mode: 'button',
    note: '',
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text', required: true },
    { name: 'text', label: 'Text', kind: 'textarea' },
    {
      name: 'mode',
      label: 'Show as',
      kind: 'select',
      options: [
        { value: 'button', label: 'A button to the booking page' },
        { value: 'inline', label: 'The booking form in the page' },
      ],
    },
    { name: 'buttonLabel', label: 'Button text', kind: 'text', required: true, help: 'Also the title of the form shown in the page.' },
    { name: 'serviceId', label: 'Service', kind: 'text', help: 'Optional: a service id from Bookings → Services to start with that service chosen.' },
    { name: 'note', label: 'Small print', kind: 'text', help: 'E.g. your cancellation policy in one line.' },
  ],
  interactive: true,
})

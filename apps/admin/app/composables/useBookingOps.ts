import type { BadgeProps } from '@nuxt/ui'
import type { ApiRow, ProjectApiAnswer, ProjectApiBase } from '~/utils/api-types'

// Shared shapes and lookups of the bookings operations screens (calendar, list, customers).

/** A row of `GET …/bookings/items`. */
export type BookingListItem = ApiRow<ProjectApiAnswer<'/bookings/items'>>
export type BookingStatus = BookingListItem['status']
/** What `POST …/bookings/items/[bookingId]/status` takes as `action`. */
export type BookingAction = 'confirm' | 'reject' | 'cancel' | 'complete' | 'no_show'

/** `GET …/bookings/items/[bookingId]`: with extras, answers, links to uploaded files and the customer. */
export type BookingDetail = ProjectApiAnswer<'/bookings/items/:bookingId'>

/** A free start as the API gives it: ISO with offset. */
export type SlotOption = ProjectApiAnswer<'/bookings/slots'>['slots'][number]

type BadgeColor = NonNullable<BadgeProps['color']>

/** Label, badge colour and calendar-block classes per status (full class names, for Tailwind). */
export const BOOKING_STATUSES: Record<BookingStatus, { label: string, color: BadgeColor, block: string }> = {
  pending: { label: 'Pending', color: 'warning', block: 'bg-warning/15 border-warning' },
  pending_payment: { label: 'Awaiting payment', color: 'info', block: 'bg-info/15 border-info' },
  confirmed: { label: 'Confirmed', color: 'primary', block: 'bg-primary/15 border-primary' },
  completed: { label: 'Attended', color: 'success', block: 'bg-success/15 border-success' },
  no_show: { label: 'No-show', color: 'error', block: 'bg-error/10 border-error' },
  cancelled: { label: 'Cancelled', color: 'neutral', block: 'bg-elevated border-accented line-through opacity-70' },
  rejected: { label: 'Rejected', color: 'neutral', block: 'bg-elevated border-accented line-through opacity-70' },
}

export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = ['pending', 'pending_payment', 'confirmed']

/** Dot colours that tell resources apart in the week and month views. */
export const RESOURCE_COLORS = ['bg-sky-500', 'bg-violet-500', 'bg-amber-500', 'bg-rose-500', 'bg-emerald-500', 'bg-fuchsia-500', 'bg-lime-600', 'bg-orange-500'] as const

/**
 * The project's resources (calendar columns) and bookable services (pickers), fetched once
 * per project and shared by every bookings screen through their keys.
 */
export function useBookingOpsSetup(base: MaybeRefOrGetter<ProjectApiBase>) {
  const resources = useFetch(() => `${toValue(base)}/bookings/resources-summary`, {
    key: `booking-ops-resources:${toValue(base)}`, lazy: true, server: false,
  })
  const services = useFetch(() => `${toValue(base)}/bookings/bookable-services`, {
    key: `booking-ops-services:${toValue(base)}`, lazy: true, server: false,
  })
  const resourceColor = (resourceId: string) => {
    const index = resources.data.value?.data.findIndex(resource => resource.id === resourceId) ?? -1
    return RESOURCE_COLORS[(index < 0 ? 0 : index) % RESOURCE_COLORS.length]!
  }
  return { resources, services, resourceColor }
}

/** The customer as one line: name, then phone or email. */
export function customerLine(booking: Pick<BookingListItem, 'customerName' | 'customerEmail' | 'customerPhone'>): string {
  return [booking.customerName ?? 'No customer', booking.customerPhone ?? booking.customerEmail].filter(Boolean).join(' · ')
}

const FIELD_NAMES: Record<string, string> = { start: 'That time', resourceId: 'That resource', serviceId: 'That service' }

/**
 * What went wrong with a booking change, for a toast or an inline alert: the server's message,
 * a field problem in words, and the free alternatives a 409 `slot_unavailable` offers.
 */
export function bookingProblem(error: unknown): { title: string, description?: string, alternatives: SlotOption[] } {
  const data = (error as { data?: { error?: { code?: string, fields?: Record<string, string>, alternatives?: SlotOption[] } } })?.data?.error
  const fields = Object.entries(data?.fields ?? {})
  if (fields.length > 0) {
    return { title: 'That does not work', description: fields.map(([field, message]) => `${FIELD_NAMES[field] ?? field} ${message}.`).join(' '), alternatives: [] }
  }
  return { title: apiErrorMessage(error), alternatives: data?.code === 'slot_unavailable' ? data.alternatives ?? [] : [] }
}

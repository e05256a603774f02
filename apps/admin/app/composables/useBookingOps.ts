import type { BadgeProps } from '@nuxt/ui'

// Shared shapes and lookups of the bookings operations screens (calendar, list, customers).

export type BookingStatus = 'pending' | 'pending_payment' | 'confirmed' | 'cancelled' | 'rejected' | 'completed' | 'no_show'
export type BookingAction = 'confirm' | 'reject' | 'cancel' | 'complete' | 'no_show'

/** A row of `GET …/bookings/items`. */
export interface BookingListItem {
  id: string
  status: BookingStatus
  startsAt: string
  endsAt: string
  resourceId: string
  resourceName: string
  serviceId: string | null
  serviceName: string
  source: 'site' | 'api' | 'admin'
  priceAmount: number
  discountAmount: number
  currency: string
  timeZone: string
  customerId: string | null
  customerName: string | null
  customerEmail: string | null
  customerPhone: string | null
  cancelReason: string | null
  createdAt: string
}

/** `GET …/bookings/items/[bookingId]`. */
export interface BookingDetail extends Omit<BookingListItem, 'customerName' | 'customerEmail' | 'customerPhone'> {
  extras: Array<{ id: string, name: string, priceAmount: number, durationMinutes: number }>
  answers: Array<{ requirementId: string, label: string, kind?: BookableService['requirements'][number]['kind'], value: string | boolean | string[] }>
  /** Per question of kind `file`: the customer's upload, through a link valid `expiresInSeconds`. */
  fileLinks: Record<string, { name: string, contentType: string, sizeBytes: number, url: string, expiresInSeconds: number }>
  depositAmount: number
  notes: string
  holdExpiresAt: string | null
  confirmedAt: string | null
  cancelledAt: string | null
  customer: { id: string, name: string, email: string | null, phone: string | null, notes: string } | null
}

export interface OpsResource { id: string, name: string, kind: 'staff' | 'room' | 'equipment', timeZone: string, active: boolean }

export interface BookableService {
  id: string
  name: string
  durationMinutes: number
  price: { amount: number, currency: string }
  requiresConfirmation: boolean
  extras: Array<{ id: string, name: string, durationMinutes: number, price: { amount: number, currency: string } }>
  requirements: Array<{ id: string, label: string, kind: 'text' | 'choice' | 'checkbox' | 'consent' | 'file', options: string[], required: boolean }>
}

/** A free start as the API gives it: ISO with offset. */
export interface SlotOption { start: string, end: string, resourceIds: string[] }

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
export function useBookingOpsSetup(base: MaybeRefOrGetter<string>) {
  const resources = useFetch<{ data: Array<OpsResource> }>(() => `${toValue(base)}/bookings/resources-summary`, {
    key: `booking-ops-resources:${toValue(base)}`, lazy: true, server: false,
  })
  const services = useFetch<{ data: BookableService[] }>(() => `${toValue(base)}/bookings/bookable-services`, {
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

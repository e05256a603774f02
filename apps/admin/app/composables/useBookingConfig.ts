export interface WeeklyHour { weekday: number, start: string, end: string }
export interface BookingResource { id: string, name: string, kind: 'staff' | 'room' | 'equipment', timeZone: string, weeklyHours: WeeklyHour[], active: boolean }
export interface BookingService {
  id: string
  name: string
  description: string
  durationMinutes: number
  priceAmount: number
  currency: string
  capacity: number
  bufferBeforeMinutes: number
  bufferAfterMinutes: number
  minNoticeMinutes: number
  maxAdvanceDays: number
  dailyLimit: number | null
  slotIntervalMinutes: number
  requiresConfirmation: boolean
  depositKind: 'none' | 'fixed' | 'percent'
  depositValue: number
  cancellationWindowHours: number
  reminderMinutes: number[]
  active: boolean
  position: number
  resourceIds: string[]
}
export interface BookingExtra { id: string, name: string, priceAmount: number, durationMinutes: number, serviceIds: string[], active: boolean }
export interface BookingRequirement { id: string, label: string, kind: 'text' | 'choice' | 'checkbox' | 'consent' | 'file', options: string[], required: boolean, serviceIds: string[], position: number }
export interface BookingCoupon {
  id: string
  code: string
  kind: 'percent' | 'fixed'
  amount: number
  validFrom: string | null
  validUntil: string | null
  maxUses: number | null
  usedCount: number
  serviceIds: string[]
  onePerCustomer: boolean
  active: boolean
}
export interface BookingBlockedDate { id: string, resourceId: string | null, fromDate: string, toDate: string, reason: string }
export interface BookingDateOverride { id: string, resourceId: string, date: string, intervals: Array<{ start: string, end: string }> }

type ListPath = 'services' | 'resources' | 'extras' | 'requirements' | 'coupons' | 'blocked-dates'

/**
 * One list of a project's booking configuration, fetched in the browser. The key is shared,
 * so every section showing services (or resources) sees the same list and refreshes it once.
 */
export function useBookingList<T>(base: string, path: ListPath) {
  return useFetch<{ data: T[] }>(`${base}/bookings/${path}`, {
    key: `bookings:${path}:${base}`,
    lazy: true,
    server: false,
    default: () => ({ data: [] }),
  })
}

export const BOOKING_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

/** `90` → `1 h 30 min`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest ? `${hours} h ${rest} min` : `${hours} h`
}

/**
 * When these forms validate on their own. Not on `input`: that check runs 300 ms after the
 * last keystroke and would wipe a server's 422 message for the field typed in just before
 * Save (the API answers faster than that).
 */
export const BOOKING_FORM_VALIDATE_ON: Array<'blur' | 'change'> = ['blur', 'change']

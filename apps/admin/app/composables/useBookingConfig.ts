import type { ApiRow, ProjectApiAnswer, ProjectApiBase } from '~/utils/api-types'

// The booking configuration as its routes answer it.
export type BookingResource = ApiRow<ProjectApiAnswer<'/bookings/resources'>>
export type WeeklyHour = BookingResource['weeklyHours'][number]
export type BookingService = ApiRow<ProjectApiAnswer<'/bookings/services'>>
export type BookingExtra = ApiRow<ProjectApiAnswer<'/bookings/extras'>>
export type BookingRequirement = ApiRow<ProjectApiAnswer<'/bookings/requirements'>>
export type BookingCoupon = ApiRow<ProjectApiAnswer<'/bookings/coupons'>>
export type BookingBlockedDate = ApiRow<ProjectApiAnswer<'/bookings/blocked-dates'>>
export type BookingDateOverride = ApiRow<ProjectApiAnswer<'/bookings/resources/:resourceId/overrides'>>

type ListPath = 'services' | 'resources' | 'extras' | 'requirements' | 'coupons' | 'blocked-dates'

/**
 * One list of a project's booking configuration, fetched in the browser. The key is shared,
 * so every section showing services (or resources) sees the same list and refreshes it once.
 */
export function useBookingList<Path extends ListPath>(base: ProjectApiBase, path: Path) {
  return useFetch(`${base}/bookings/${path}`, {
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

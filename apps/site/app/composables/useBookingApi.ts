import type { CreateBookingInput } from '@flectar/bookings/schemas'
import type { InternalApi } from 'nitropack/types'

// The public booking API v1 as the booking pages call it (same origin, no key). Answers are
// typed by the routes' handlers (Nitro's route types), requests by the API's schemas.

/** What a route of the API answers, e.g. `V1Answer<'/services'>`. */
type V1Answer<Path extends string, Method extends string = 'get'> = `/api/v1/projects/:slug${Path}` extends infer Route extends keyof InternalApi
  ? InternalApi[Route][Method & keyof InternalApi[Route]]
  : never

export type BookableService = V1Answer<'/services'>['data'][number]
export type Slot = V1Answer<'/availability'>['slots'][number]
export type UploadedFile = V1Answer<'/uploads', 'post'>
/** A price in minor units, with the coupon that was applied. */
export type Quote = V1Answer<'/quote', 'post'>['data']
export type CreatedBooking = V1Answer<'/bookings', 'post'>
export type ManagedBooking = V1Answer<'/manage/:token'>['data']

export type AnswerValue = NonNullable<CreateBookingInput['answers']>[string]

/** A failed call, in the API's error shape; `status` 0 when the network failed. */
export class BookingApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly alternatives: Slot[] = [],
  ) {
    super(message)
  }
}

// The answer type is named, not inferred from the URL: matching `/api/v1/projects/${string}/…`
// against this app's routes (a catch-all among them) is too deep for the type checker.
async function call<T>(url: string, options: { method?: 'GET' | 'POST', query?: Record<string, string>, body?: unknown } = {}): Promise<T> {
  try {
    return await $fetch<T>(url, { method: options.method ?? 'GET', query: options.query, body: options.body as Record<string, unknown> | undefined })
  }
  catch (error) {
    // $fetch's FetchError: `status` and the parsed body as `data`; no status = no answer.
    const failed = error as { status?: number, data?: unknown }
    if (!failed.status) throw new BookingApiError(0, 'network', 'We could not reach the server. Check your connection and try again.')
    const body = (failed.data as { error?: { code?: string, message?: string, fields?: Record<string, string>, alternatives?: Slot[] } } | undefined)?.error
    throw new BookingApiError(failed.status, body?.code ?? 'error', body?.message ?? 'Something went wrong.', body?.fields ?? {}, body?.alternatives ?? [])
  }
}

/**
 * Uploads a file for a `file` question as multipart form data, reporting progress (fetch
 * cannot; XMLHttpRequest can). `signal` aborts it. Rejects with a BookingApiError.
 */
function uploadFile(url: string, file: File, options: { onProgress?: (percent: number) => void, signal?: AbortSignal } = {}): Promise<UploadedFile> {
  const body = new FormData()
  body.append('file', file)
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', url)
    request.responseType = 'json'
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(Math.round((event.loaded / event.total) * 100))
    }
    request.onload = () => {
      const response = request.response as (UploadedFile & { error?: { code?: string, message?: string, fields?: Record<string, string> } }) | null
      if (request.status === 201 && response) return resolve(response)
      const message = request.status === 413 ? 'This file is too large. The limit is 10 MB.' : response?.error?.message ?? 'The upload failed. Please try again.'
      reject(new BookingApiError(request.status, response?.error?.code ?? 'error', message, response?.error?.fields ?? {}))
    }
    request.onerror = () => reject(new BookingApiError(0, 'network', 'The upload failed. Check your connection and try again.'))
    request.onabort = () => reject(new BookingApiError(0, 'aborted', 'The upload was cancelled.'))
    options.signal?.addEventListener('abort', () => request.abort(), { once: true })
    request.send(body)
  })
}

/** The calls of one project's public booking API. */
export function useBookingApi(slug: string) {
  const base = `/api/v1/projects/${encodeURIComponent(slug)}`
  const manage = (token: string) => `${base}/manage/${encodeURIComponent(token)}`
  return {
    listServices: async () => (await call<V1Answer<'/services'>>(`${base}/services`)).data,
    availability: (query: { serviceId: string, from: string, to: string, timeZone: string, extras?: string[] }) =>
      call<V1Answer<'/availability'>>(`${base}/availability`, {
        query: { serviceId: query.serviceId, from: query.from, to: query.to, timeZone: query.timeZone, ...(query.extras?.length ? { extras: query.extras.join(',') } : {}) },
      }),
    quote: async (request: { serviceId: string, extras: string[], couponCode: string }) => (await call<V1Answer<'/quote', 'post'>>(`${base}/quote`, { method: 'POST', body: request })).data,
    createBooking: (booking: CreateBookingInput) => call<CreatedBooking>(`${base}/bookings`, { method: 'POST', body: booking }),
    uploadFile: (file: File, options?: Parameters<typeof uploadFile>[2]) => uploadFile(`${base}/uploads`, file, options),
    openBooking: async (token: string) => (await call<V1Answer<'/manage/:token'>>(manage(token))).data,
    cancelBooking: async (token: string, reason?: string) => (await call<V1Answer<'/manage/:token/cancel', 'post'>>(`${manage(token)}/cancel`, { method: 'POST', body: reason ? { reason } : {} })).data,
    rescheduleBooking: async (token: string, start: string) => (await call<V1Answer<'/manage/:token/reschedule', 'post'>>(`${manage(token)}/reschedule`, { method: 'POST', body: { start } })).data,
  }
}

/** A sentence for a failure that has no field to sit next to. */
export function bookingErrorMessage(error: unknown): string {
  if (!(error instanceof BookingApiError)) return 'Something went wrong. Please try again.'
  if (error.status === 429) return 'Too many attempts. Please try again in a minute.'
  if (error.status === 0) return error.message
  if (error.status >= 500) return 'Something went wrong on our side. Please try again in a moment.'
  return error.message
}

/** Records a step of the booking funnel with the site's analytics, when it is on. */
export function trackBookingEvent(name: 'booking_started' | 'booking_confirmed'): void {
  const track = (window as { flectar?: (kind: string, name: string) => void }).flectar
  if (typeof track === 'function') track('event', name)
}

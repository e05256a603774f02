import type { Money } from '@flectar/money'

// The public booking API v1 as the booking pages call it (same origin, no key).

export type RequirementKind = 'text' | 'choice' | 'checkbox' | 'consent' | 'file'
export type AnswerValue = string | boolean | string[]

export interface BookableService {
  id: string
  name: string
  description: string
  durationMinutes: number
  price: Money
  capacity: number
  requiresConfirmation: boolean
  deposit: null | { kind: string, value: number }
  cancellationWindowHours: number
  extras: Array<{ id: string, name: string, durationMinutes: number, price: Money }>
  requirements: Array<{ id: string, label: string, kind: RequirementKind, options: string[], required: boolean }>
}

export interface Slot { start: string, end: string, resourceIds: string[] }

export interface UploadedFile { id: string, name: string, size: number }

/** A price in minor units, with the coupon that was applied. */
export interface Quote { currency: string, subtotal: number, discount: number, total: number, deposit: number, coupon: { code: string } | null }
export interface CreatedBooking { id: string, status: string, start: string, end: string, manageUrl: string }

export interface ManagedBooking {
  id: string
  status: string
  serviceId: string | null
  serviceName: string
  start: string
  end: string
  timeZone: string
  extras: Array<{ id: string, name: string }>
  price: Money
  project: { name: string, slug: string }
  changeableUntil: string | null
}

export interface NewBooking {
  serviceId: string
  start: string
  timeZone: string
  customer: { name: string, email: string, phone?: string }
  extras?: string[]
  answers?: Record<string, AnswerValue>
  couponCode?: string
}

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
    listServices: async () => (await call<{ data: BookableService[] }>(`${base}/services`)).data,
    availability: (query: { serviceId: string, from: string, to: string, timeZone: string, extras?: string[] }) =>
      call<{ timeZone: string, slots: Slot[] }>(`${base}/availability`, {
        query: { serviceId: query.serviceId, from: query.from, to: query.to, timeZone: query.timeZone, ...(query.extras?.length ? { extras: query.extras.join(',') } : {}) },
      }),
    quote: async (request: { serviceId: string, extras: string[], couponCode: string }) => (await call<{ data: Quote }>(`${base}/quote`, { method: 'POST', body: request })).data,
    createBooking: (booking: NewBooking) => call<CreatedBooking>(`${base}/bookings`, { method: 'POST', body: booking }),
    uploadFile: (file: File, options?: Parameters<typeof uploadFile>[2]) => uploadFile(`${base}/uploads`, file, options),
    openBooking: async (token: string) => (await call<{ data: ManagedBooking }>(manage(token))).data,
    cancelBooking: async (token: string, reason?: string) => (await call<{ data: ManagedBooking }>(`${manage(token)}/cancel`, { method: 'POST', body: reason ? { reason } : {} })).data,
    rescheduleBooking: async (token: string, start: string) => (await call<{ data: ManagedBooking }>(`${manage(token)}/reschedule`, { method: 'POST', body: { start } })).data,
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

import type { FormError } from '@nuxt/ui'

interface ApiErrorBody { statusCode?: number, statusMessage?: string, message?: string, data?: { code?: string, fields?: Record<string, string>, retryAfterSeconds?: number } }

function bodyOf(error: unknown): ApiErrorBody | undefined {
  return (error as { data?: ApiErrorBody } | undefined)?.data
}

/** A sentence for a toast from a failed $fetch: the server's message, or a generic one. */
export function apiErrorMessage(error: unknown): string {
  const body = bodyOf(error)
  if (body?.statusCode === 429 && body.data?.retryAfterSeconds) {
    return `Too many attempts. Try again in ${Math.ceil(body.data.retryAfterSeconds / 60)} minute(s).`
  }
  return body?.statusMessage || body?.message || 'Something went wrong. Check your connection and try again.'
}

export function apiErrorCode(error: unknown): string | undefined {
  return bodyOf(error)?.data?.code
}

/** Field errors from a 422, in the shape UForm's setErrors takes. */
export function apiFieldErrors(error: unknown): FormError[] {
  const fields = bodyOf(error)?.data?.fields ?? {}
  return Object.entries(fields).map(([name, message]) => ({ name, message }))
}

import type { FormError } from '@nuxt/ui'

/** The API's one error shape (app-base's error mapper). */
interface ApiErrorBody {
  error?: { code?: string, message?: string, fields?: Record<string, string>, retryAfterSeconds?: number, requestId?: string }
}

function bodyOf(error: unknown): ApiErrorBody['error'] {
  return (error as { data?: ApiErrorBody } | undefined)?.data?.error
}

/** A sentence for a toast from a failed $fetch: the server's message, or a generic one. */
export function apiErrorMessage(error: unknown): string {
  const body = bodyOf(error)
  if (body?.code === 'rate_limited' && body.retryAfterSeconds) {
    return `Too many attempts. Try again in ${Math.ceil(body.retryAfterSeconds / 60)} minute(s).`
  }
  return body?.message || 'Something went wrong. Check your connection and try again.'
}

export function apiErrorCode(error: unknown): string | undefined {
  return bodyOf(error)?.code
}

/** Field errors from a 422, in the shape UForm's setErrors takes. */
export function apiFieldErrors(error: unknown): FormError[] {
  const fields = bodyOf(error)?.fields ?? {}
  return Object.entries(fields).map(([name, message]) => ({ name, message }))
}

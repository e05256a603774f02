/** The `{ error: { code, message, …details } }` body of a failed internal API call, if any. */
export function apiError(failure: unknown): { code?: string, message?: string, [detail: string]: unknown } | undefined {
  return (failure as { data?: { error?: { code?: string, message?: string } } } | null | undefined)?.data?.error
}

import type { Form } from '@nuxt/ui'

/**
 * Submits a form to the API: shows a spinner, puts 422 field errors under their fields,
 * and toasts any other error, except those whose code is in `inlineCodes` (the page shows
 * them itself, from `lastError`). Returns the response, or undefined when it failed.
 */
// UForm re-validates a field 300 ms after its last keystroke, replacing that field's errors;
// server errors set before that timer fires would be wiped, so they wait it out.
const INPUT_VALIDATION_DELAY_MS = 350

export function useApiForm<T extends object>(options: { inlineCodes?: string[] } = {}) {
  const form = useTemplateRef<Form<T>>('form')
  const pending = ref(false)
  const lastError = ref<unknown>()
  const toast = useToast()

  async function submit<R>(request: () => Promise<R>): Promise<R | undefined> {
    pending.value = true
    lastError.value = undefined
    const startedAt = Date.now()
    try {
      return await request()
    }
    catch (error) {
      lastError.value = error
      const fields = apiFieldErrors(error)
      if (fields.length > 0) {
        const wait = INPUT_VALIDATION_DELAY_MS - (Date.now() - startedAt)
        if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
        form.value?.setErrors(fields)
      }
      else if (!options.inlineCodes?.includes(apiErrorCode(error) ?? '')) toast.add({ title: apiErrorMessage(error), color: 'error', icon: 'i-lucide-circle-alert' })
      return undefined
    }
    finally {
      pending.value = false
    }
  }

  return { form, pending, submit, lastError }
}

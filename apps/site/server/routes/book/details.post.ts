import { createBookingSchema } from '@flectar/bookings/schemas'
import { AppError } from '@flectar/errors'
import { uploadBookingFile } from '@flectar/sites'
import { turnstileFieldName } from '@flectar/turnstile'
import type { BookingDraft } from '../../booking/draft'
import { sealDraft } from '../../booking/draft'
import { missingAnswer, TURNSTILE_FIELD, TURNSTILE_MESSAGES } from '../../booking/details-view'
import { stepUrl } from '../../booking/flow-page'
import { sendDetailsStep, startedFlow, type ServiceContext } from '../../booking/flow-pages'
import { fieldOf, readPostedForm, type PostedForm } from '../../booking/load-flow'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Each file question's answer: a file sent with this form (stored now, unless `store` is false:
 * a post Turnstile refused), else the one uploaded before.
 */
async function fileAnswers(event: Parameters<typeof readPostedForm>[0], context: ServiceContext, form: PostedForm, draft: BookingDraft, errors: Record<string, string>, store: boolean) {
  const removed = new Set(form.fields.remove ?? [])
  const { project } = context
  for (const requirement of context.service.requirements.filter(candidate => candidate.kind === 'file')) {
    const file = form.files[`file.${requirement.id}`]
    const key = `answers.${requirement.id}`
    if (file) {
      if (!store) continue
      try {
        await enforceSiteRateLimit(event, 'api_upload')
        const asset = await uploadBookingFile(useDatabase().db, useFileStorage(), { orgId: project.orgId, projectId: project.id }, { filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })
        draft.files[requirement.id] = { id: asset.id, name: file.name.split(/[/\\]/).pop() || 'upload', size: asset.sizeBytes }
        draft.answers[requirement.id] = asset.id
      }
      catch (error) {
        if (!(error instanceof AppError) || (error.kind !== 'invalid' && error.kind !== 'rate_limited')) throw error
        errors[key] = error.data.fields?.file ?? error.message
      }
      continue
    }
    const id = fieldOf(form, key)
    if (removed.has(requirement.id) || !UUID.test(id)) continue
    draft.files[requirement.id] = { id, name: fieldOf(form, `filename.${requirement.id}`).slice(0, 200) || 'upload', size: Number(fieldOf(form, `filesize.${requirement.id}`)) || 0 }
    draft.answers[requirement.id] = id
  }
}

/**
 * The details form (multipart when a question asks for a file). Checked with the API's own
 * rules; errors come back on the form (422), else the details are sealed into the summary's
 * address (POST, redirect, GET).
 */
export default defineEventHandler(async (event) => {
  const form = await readPostedForm(event)
  const flow = await startedFlow(event, form.fields)
  if ('answer' in flow) return flow.answer
  const withService: ServiceContext = flow
  const { service, state, project } = flow

  const draft: BookingDraft = {
    customer: { name: fieldOf(form, 'customer.name'), email: fieldOf(form, 'customer.email'), phone: fieldOf(form, 'customer.phone') },
    answers: {},
    files: {},
  }
  const answerErrors: Record<string, string> = {}
  for (const requirement of service.requirements) {
    const value = fieldOf(form, `answers.${requirement.id}`)
    if (requirement.kind === 'checkbox' || requirement.kind === 'consent') draft.answers[requirement.id] = value === 'true'
    else if (requirement.kind !== 'file') draft.answers[requirement.id] = value
  }
  // Turnstile before anything is stored (a file sent with the form): a refused post stores none.
  const human = await checkFormTurnstile(event, project.id, form.fields[turnstileFieldName]?.length === 1 ? form.fields[turnstileFieldName][0] : undefined, 'booking')
  await fileAnswers(event, withService, form, draft, answerErrors, human.outcome === 'ok')
  const errors: Record<string, string> = {}
  // The API's own check of the customer, so its messages are the ones it would answer with.
  for (const issue of createBookingSchema.shape.customer.safeParse(draft.customer).error?.issues ?? []) errors[`customer.${issue.path.join('.')}`] ??= issue.message
  for (const requirement of service.requirements) {
    const key = `answers.${requirement.id}`
    const value = draft.answers[requirement.id]
    if (answerErrors[key]) errors[key] = answerErrors[key]
    else if (requirement.required && (value === undefined || value === '' || value === false)) errors[key] = missingAnswer(requirement)
  }
  if (human.outcome !== 'ok') errors[TURNSTILE_FIELD] = TURNSTILE_MESSAGES[human.outcome]
  // "Remove" only takes the file out; the form shows again without it.
  if (Object.keys(errors).length || form.fields.remove?.length) {
    const removing = !!form.fields.remove?.length
    return sendDetailsStep(event, withService, draft, removing ? {} : errors, removing ? 200 : 422)
  }
  // The token is spent: the confirmation trusts this mark in the sealed draft instead (confirm.post.ts).
  if (human.outcome === 'ok' && human.checked) draft.humanCheckedAt = Date.now()
  const sealed = sealDraft(useServerConfig().SESSION_SECRET, project.id, draft)
  return sendRedirect(event, stepUrl('review', { ...state, draft: sealed }), 303)
})

import type { H3Event } from 'h3'
import { listPublicServices } from '@flectar/bookings'
import { NotFoundError } from '@flectar/errors'
import type { Project } from '@flectar/sites'
import type { FlowContext } from './flow-page'
import { readFlowState } from './state'

/** The project of the Host (the site's 404 page when there is none). */
export async function bookingProject(event: H3Event): Promise<Project> {
  const site = await resolveRequestSite(event)
  if (!site) throw new NotFoundError('Unknown site', 'site_not_found')
  return site.project
}

export interface PostedForm {
  fields: Record<string, string[]>
  files: Record<string, File>
}

/**
 * A booking form as posted (urlencoded, or multipart when it carries files). Anything else
 * reads as an empty form, which the step then answers with its field errors.
 */
export async function readPostedForm(event: H3Event): Promise<PostedForm> {
  const type = getRequestHeader(event, 'content-type') ?? ''
  const form: PostedForm = { fields: {}, files: {} }
  if (!/^(?:multipart\/form-data;|application\/x-www-form-urlencoded)/i.test(type)) return form
  const body = new Uint8Array(await readRawBody(event, false) ?? new Uint8Array())
  // The platform's own parser (undici), as for the upload endpoint; the body limit applied while it streamed in.
  const data = await new Response(body, { headers: { 'content-type': type } }).formData().catch(() => undefined)
  for (const [name, value] of data?.entries() ?? []) {
    if (typeof value === 'string') (form.fields[name] ??= []).push(value)
    else if (value.size > 0) form.files[name] = value
  }
  return form
}

/** The last value of a posted field, trimmed of nothing (the schemas trim). */
export const fieldOf = (form: PostedForm, name: string) => form.fields[name]?.at(-1) ?? ''

/** The flow so far: the project, the state in the query (or form), its services and the chosen one. */
export async function loadFlow(event: H3Event, source: Record<string, unknown>): Promise<FlowContext> {
  const project = await bookingProject(event)
  const state = readFlowState(source)
  const services = await listPublicServices(useDatabase().db, project.id)
  const service = services.find(candidate => candidate.id === state.serviceId)
  // Extras of another service, or no longer offered, are dropped here rather than refused later.
  state.extras = service ? state.extras.filter(id => service.extras.some(extra => extra.id === id)) : []
  if (!service) state.serviceId = undefined
  return { project, state, services, service }
}

import type { H3Event } from 'h3'
import { openManagedBooking, publicBooking, type BookingRow } from '@flectar/bookings'
import { AppError } from '@flectar/errors'
import type { Project } from '@flectar/sites'
import { html, type Html } from './html'
import { sendBookingPage } from './layout'
import { bookingProject } from './load-flow'
import { managePage, type ManagedBooking } from './manage-view'

export interface ManageContext {
  project: Project
  token: string
  booking: ManagedBooking
  /** The booking as stored, for what the public view leaves out (its payment's amount and hold). */
  row: BookingRow
  /** This manage link's own address. */
  base: string
  embed: boolean
}

/**
 * The booking a manage link opens (its signed token), on the site it belongs to; an invalid
 * link is the manage page saying so (404).
 */
export async function openManageContext(event: H3Event): Promise<ManageContext | { project: Project, invalid: true, embed: boolean }> {
  const project = await bookingProject(event)
  const token = getRouterParam(event, 'token') ?? ''
  const embed = getQuery(event).embed === '1'
  try {
    const opened = await openManagedBooking(useDatabase().db, token, useServerConfig().SESSION_SECRET, project.slug)
    return { project, token, booking: publicBooking(opened.booking, opened.project, opened.policyEndsAt), row: opened.booking, base: `/book/manage/${encodeURIComponent(token)}`, embed }
  }
  catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') return { project, invalid: true, embed }
    throw error
  }
}

/** A manage page: never indexed, never sent on as a referrer (its address opens the booking). */
export async function sendManagePage(event: H3Event, context: { project: Project, embed: boolean }, title: string, body: Html, status = 200): Promise<string> {
  return sendBookingPage(event, context.project, { title, body, embed: context.embed, noindex: true, noReferrer: true, status })
}

export async function sendInvalidLink(event: H3Event, context: { project: Project, embed: boolean }): Promise<string> {
  return sendManagePage(event, context, 'Your booking', managePage(html`<p class="fb-notice fb-notice--error" role="alert">This link is not valid. Check the latest email about your booking.</p>`), 404)
}

/** The sentence for a failure from the manage functions (too late, not active, too many attempts). */
export function manageFailure(error: unknown): string | undefined {
  if (!(error instanceof AppError)) return undefined
  if (error.kind === 'rate_limited') return 'Too many attempts. Please try again in a minute.'
  return error.kind === 'conflict' || error.kind === 'invalid' ? error.message : undefined
}

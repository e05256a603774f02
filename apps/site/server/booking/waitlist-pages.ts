import type { H3Event } from 'h3'
import type { Project } from '@flectar/sites'
import type { Html } from './html'
import { sendBookingPage } from './layout'
import { waitlistPage } from './waitlist-view'

/** A waitlist page: per visitor, never indexed. A claim link's page never sends its address on as a referrer. */
export async function sendWaitlistPage(event: H3Event, project: Project, page: { title: string, content: Html, embed: boolean, notice?: string, status?: number, secretUrl?: boolean }) {
  return sendBookingPage(event, project, {
    title: page.title, body: waitlistPage(page.title, page.content, page.notice), embed: page.embed, noindex: true, noReferrer: page.secretUrl, status: page.status,
  })
}

/** `YYYY-MM-DD` plus `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

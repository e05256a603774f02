import type { H3Event } from 'h3'
import type { OpenedOffer } from '@flectar/bookings'
import type { Project } from '@flectar/sites'
import { html, type Html } from './html'
import { sendBookingPage } from './layout'
import { waitlistOfferView, waitlistPage } from './waitlist-view'

/** A waitlist page: per visitor, never indexed. A claim link's page never sends its address on as a referrer. */
export async function sendWaitlistPage(event: H3Event, project: Project, page: { title: string, content: Html, embed: boolean, notice?: string, status?: number, secretUrl?: boolean }) {
  return sendBookingPage(event, project, {
    title: page.title, body: waitlistPage(page.title, page.content, page.notice), embed: page.embed, noindex: true, noReferrer: page.secretUrl, status: page.status,
  })
}

/**
 * A claim link's page: the offer (with why it failed, when a claim did), or, for a link that
 * opens no offer, the reason (404).
 */
export async function sendOfferPage(event: H3Event, project: Project, token: string, shown: { opened: OpenedOffer, failure?: string, status?: number } | { notFound: string }) {
  const embed = getQuery(event).embed === '1'
  const content = 'notFound' in shown
    ? html`<p class="fb-notice fb-notice--error" role="alert">${shown.notFound}</p>`
    : waitlistOfferView(shown.opened, `/book/waitlist/offer/${encodeURIComponent(token)}`, shown.failure)
  return sendWaitlistPage(event, project, { title: 'A time for you', content, embed, secretUrl: true, status: 'notFound' in shown ? 404 : shown.status })
}

/** `YYYY-MM-DD` plus `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

import { openWaitlistOffer } from '@flectar/bookings'
import { AppError } from '@flectar/errors'
import { bookingProject } from '../../../../booking/load-flow'
import { sendWaitlistPage } from '../../../../booking/waitlist-pages'
import { waitlistOfferView } from '../../../../booking/waitlist-view'
import { html } from '../../../../booking/html'
import { serviceNameOf } from '../../../../booking/waitlist-offer'

/** A claim link from a waitlist email: the time held for this person and a button to book it. */
export default defineEventHandler(async (event) => {
  const project = await bookingProject(event)
  const token = getRouterParam(event, 'token') ?? ''
  const embed = getQuery(event).embed === '1'
  await enforceSiteRateLimit(event, 'api_read')
  try {
    const opened = await openWaitlistOffer(useDatabase().db, token, useServerConfig().SESSION_SECRET, new Date(), project.slug)
    const content = waitlistOfferView(opened, await serviceNameOf(opened), `/book/waitlist/offer/${encodeURIComponent(token)}`)
    return sendWaitlistPage(event, project, { title: 'A time for you', content, embed, secretUrl: true })
  }
  catch (error) {
    if (!(error instanceof AppError) || error.kind !== 'not_found') throw error
    return sendWaitlistPage(event, project, { title: 'A time for you', content: html`<p class="fb-notice fb-notice--error" role="alert">${error.message}</p>`, embed, secretUrl: true, status: 404 })
  }
})

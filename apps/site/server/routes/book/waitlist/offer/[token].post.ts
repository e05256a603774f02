import { claimWaitlistOffer, openWaitlistOffer } from '@flectar/bookings'
import { AppError } from '@flectar/errors'
import { bookingProject } from '../../../../booking/load-flow'
import { sendOfferPage } from '../../../../booking/waitlist-pages'

/**
 * Books the offered time (the normal booking transaction, once per offer) and goes to the
 * booking's manage page, where a deposit due is paid; a second claim, or a lapsed offer, shows
 * the offer page saying why (409).
 */
export default defineEventHandler(async (event) => {
  const project = await bookingProject(event)
  const token = getRouterParam(event, 'token') ?? ''
  const db = useDatabase().db
  try {
    await enforceSiteRateLimit(event, 'api_book')
    const { manageUrl } = await claimWaitlistOffer(db, token, await siteBookingEnv(event, project), project.slug)
    return sendRedirect(event, new URL(manageUrl).pathname, 303)
  }
  catch (error) {
    if (!(error instanceof AppError)) throw error
    if (error.kind === 'not_found') return sendOfferPage(event, project, token, { notFound: error.message })
    const opened = await openWaitlistOffer(db, token, useServerConfig().SESSION_SECRET, new Date(), project.slug)
    const failure = error.kind === 'rate_limited' ? 'Too many attempts. Please try again in a minute.' : error.message
    return sendOfferPage(event, project, token, { opened, failure, status: error.statusCode })
  }
})

import { openWaitlistOffer } from '@flectar/bookings'
import { AppError } from '@flectar/errors'
import { bookingProject } from '../../../../booking/load-flow'
import { sendOfferPage } from '../../../../booking/waitlist-pages'

/** A claim link from a waitlist email: the time held for this person and a button to book it. */
export default defineEventHandler(async (event) => {
  const project = await bookingProject(event)
  const token = getRouterParam(event, 'token') ?? ''
  await enforceSiteRateLimit(event, 'api_read')
  try {
    return await sendOfferPage(event, project, token, { opened: await openWaitlistOffer(useDatabase().db, token, useServerConfig().SESSION_SECRET, new Date(), project.slug) })
  }
  catch (error) {
    if (!(error instanceof AppError) || error.kind !== 'not_found') throw error
    return sendOfferPage(event, project, token, { notFound: error.message })
  }
})

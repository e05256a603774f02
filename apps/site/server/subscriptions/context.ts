import type { H3Event } from 'h3'
import { AppError } from '@flectar/errors'
import type { Project } from '@flectar/sites'
import type { DbOrTx } from '@flectar/db'
import { coverBooking, verifySubscriptionToken, viewSubscription, type SubscriptionEnv } from '@flectar/subscriptions'
import { bookingProject } from '../booking/load-flow'
import type { html } from '../booking/html'
import { sendBookingPage } from '../booking/layout'

/** What subscribing and the subscriber's page need: the project's Stripe, its site's origin, the link secret. */
export async function subscriptionEnvOf(event: H3Event, project: Project): Promise<SubscriptionEnv> {
  const { keyRing, endpoints } = useBookingPaymentEnv()
  const { siteOrigin, secret } = await siteBookingEnv(event, project)
  return { keyRing, endpoints, siteOrigin, secret }
}

/** The subscription a subscriber's link opens, on the site it belongs to; undefined for a link that is not valid. */
export async function openSubscription(event: H3Event) {
  const project = await bookingProject(event)
  const token = getRouterParam(event, 'token') ?? ''
  const id = verifySubscriptionToken(useServerConfig().SESSION_SECRET, token)
  if (!id) return { project, token }
  try {
    return { project, token, view: await viewSubscription(useDatabase().db, { orgId: project.orgId, projectId: project.id }, id) }
  }
  catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') return { project, token }
    throw error
  }
}

/** A subscriber's page: never indexed, never sent on as a referrer (its address is the key). */
export function sendSubscriptionPage(event: H3Event, project: Project, title: string, body: ReturnType<typeof html>, status = 200) {
  return sendBookingPage(event, project, { title, body, embed: false, noindex: true, noReferrer: true, status })
}

/**
 * The subscription a booking flow's `sub` token names, with the hook that counts the booking
 * against it in the booking's transaction; undefined for no token or one that is not valid.
 */
export async function coveringSubscription(project: Project, token: string | undefined) {
  const id = token ? verifySubscriptionToken(useServerConfig().SESSION_SECRET, token) : undefined
  if (!id) return undefined
  const scope = { orgId: project.orgId, projectId: project.id }
  try {
    const view = await viewSubscription(useDatabase().db, scope, id)
    return { view, cover: (tx: DbOrTx, booking: { id: string, serviceId: string | null, customerId: string | null }) => coverBooking(tx, scope, id, booking) }
  }
  catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') return undefined
    throw error
  }
}

import { bookingPaymentHooks, type BookingEnv } from '@flectar/bookings'
import type { PaymentHooks } from '@flectar/payments'

/** Where booking messages sent from the admin app point: the project's site and its admin page. */
export function bookingEnvOf(project: { id: string, slug: string }): BookingEnv {
  const config = useServerConfig()
  return {
    siteOrigin: siteUrlOf(project.slug),
    secret: config.SESSION_SECRET,
    adminUrl: `${config.ADMIN_URL.replace(/\/$/, '')}/projects/${project.id}?tab=bookings`,
    reportError: error => useLogger().error('Offering a freed slot to the waitlist failed; the minute job tries again', { error, projectId: project.id }),
  }
}

let hooks: PaymentHooks | undefined

/** How an owner's payment actions reach the booking (as in the worker): confirmations, releases, refunds, messages. */
export function usePaymentHooks(): PaymentHooks {
  const config = useServerConfig()
  hooks ??= bookingPaymentHooks({
    secret: config.SESSION_SECRET,
    siteOriginFor: siteUrlOf,
    adminUrlFor: projectId => `${config.ADMIN_URL.replace(/\/$/, '')}/projects/${projectId}?tab=bookings`,
  })
  return hooks
}

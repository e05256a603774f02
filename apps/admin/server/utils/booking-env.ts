import type { BookingEnv } from '@flectar/bookings'

/** Where booking messages sent from the admin app point: the project's site and its admin page. */
export function bookingEnvOf(project: { id: string, slug: string }): BookingEnv {
  const config = useServerConfig()
  return {
    siteOrigin: siteUrlOf(project.slug),
    secret: config.SESSION_SECRET,
    adminUrl: `${config.ADMIN_URL.replace(/\/$/, '')}/projects/${project.id}?tab=bookings`,
  }
}

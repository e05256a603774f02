import type { BookingPaymentEnv } from '@flectar/bookings'
import { createKeyRing } from '@flectar/security'

let env: BookingPaymentEnv | undefined

/** What taking a payment at booking needs of this process: the key ring for provider secrets, the admin's webhooks, the providers' hosts. */
export function useBookingPaymentEnv(): BookingPaymentEnv {
  if (env) return env
  const config = useServerConfig()
  env = {
    keyRing: createKeyRing(config.ENCRYPTION_KEY),
    adminUrl: config.ADMIN_URL,
    endpoints: { stripeApiUrl: config.STRIPE_API_URL, paypalApiUrl: config.PAYPAL_API_URL, redsysUrl: config.REDSYS_URL },
    holdMinutes: config.PAYMENT_HOLD_MINUTES,
  }
  return env
}

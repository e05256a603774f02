import { signId, verifySignedId } from '@flectar/security'

const PURPOSE = 'subscription-manage'

/** The subscriber's own page on the project's site: status, sessions left, the billing portal. */
export function subscriptionUrl(siteOrigin: string, secret: string, subscriptionId: string): string {
  return `${siteOrigin.replace(/\/$/, '')}/subscriptions/${signId(secret, PURPOSE, subscriptionId)}`
}

export function subscriptionToken(secret: string, subscriptionId: string): string {
  return signId(secret, PURPOSE, subscriptionId)
}

/** Our subscription id, or undefined for a token not made by `subscriptionToken`. */
export function verifySubscriptionToken(secret: string, token: string): string | undefined {
  return verifySignedId(secret, PURPOSE, token)
}

import { z } from 'zod'

/*
 * The payment settings' input schemas, browser-safe (zod only), so the admin's forms check with
 * the API's own rules and messages. Secret fields are optional: left out, the stored one stays
 * (it is never shown again); without a stored one the save answers 422 on that field.
 */

/** The online providers and `on_site` (pay at the venue: no connection, only on or off). */
export const PAYMENT_PROVIDERS = ['stripe', 'paypal', 'redsys', 'on_site'] as const
export const ONLINE_PAYMENT_PROVIDERS = ['stripe', 'paypal', 'redsys'] as const
export type OnlinePaymentProvider = (typeof ONLINE_PAYMENT_PROVIDERS)[number]
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number]
export const paymentProviderSchema = z.enum(PAYMENT_PROVIDERS)

/** The fields of each provider that are secrets: encrypted at rest, never sent back. */
export const SECRET_FIELDS = {
  stripe: ['secretKey', 'webhookSecret'],
  paypal: ['clientSecret'],
  redsys: ['secretKey'],
  on_site: [],
} as const satisfies Record<PaymentProviderName, readonly string[]>

/** What each secret field asks for, when it is missing and none is stored. */
export const SECRET_REQUIRED_MESSAGES: Record<string, string> = {
  'stripe.secretKey': 'Enter your Stripe secret key (sk_test_… or sk_live_…).',
  'stripe.webhookSecret': 'Enter the webhook signing secret (whsec_…) of the endpoint you added in Stripe.',
  'paypal.clientSecret': 'Enter the client secret of your PayPal app.',
  'redsys.secretKey': 'Enter the SHA-256 secret key from the Redsys panel.',
}

export const redsysSettingsSchema = z.strictObject({
  merchantCode: z.string().trim().regex(/^\d{9}$/, 'Enter the 9-digit merchant code (FUC) your bank gave you.'),
  terminal: z.string().trim().regex(/^\d{1,3}$/, 'Enter the terminal number: 1 to 3 digits, usually 1.'),
  // 24 bytes of 3DES key, as base64: 32 characters.
  secretKey: z.string().trim().regex(/^[A-Z0-9+/]{32}$/i, 'Enter the SHA-256 secret key from the Redsys panel: 32 letters, digits, + or /.').optional(),
  environment: z.enum(['test', 'live'], 'Choose test or live.'),
  bizum: z.boolean('Say whether Bizum is on.'),
  enabled: z.boolean('Say whether Redsys is offered to visitors.'),
})

export const stripeSettingsSchema = z.strictObject({
  secretKey: z.string().trim().regex(/^[sr]k_(test|live)_\w{10,250}$/, 'Enter a secret key starting sk_test_ or sk_live_ (or a restricted rk_ key).').optional(),
  webhookSecret: z.string().trim().regex(/^whsec_[\w+/=]{10,250}$/, 'Enter the webhook signing secret: it starts whsec_.').optional(),
  enabled: z.boolean('Say whether Stripe is offered to visitors.'),
})

export const paypalSettingsSchema = z.strictObject({
  clientId: z.string().trim().regex(/^[\w-]{10,200}$/, 'Enter the client id of your PayPal app.'),
  clientSecret: z.string().trim().regex(/^[\w-]{10,200}$/, 'Enter the client secret of your PayPal app.').optional(),
  webhookId: z.string().trim().regex(/^\w{10,64}$/, 'Enter the webhook id shown in your PayPal app\'s webhooks.'),
  environment: z.enum(['sandbox', 'live'], 'Choose sandbox or live.'),
  enabled: z.boolean('Say whether PayPal is offered to visitors.'),
})

export const onSiteSettingsSchema = z.strictObject({
  enabled: z.boolean('Say whether visitors may pay at the venue.'),
})

export const PROVIDER_SETTINGS_SCHEMAS = {
  stripe: stripeSettingsSchema,
  paypal: paypalSettingsSchema,
  redsys: redsysSettingsSchema,
  on_site: onSiteSettingsSchema,
} as const

export type ProviderSettingsInput = {
  stripe: z.infer<typeof stripeSettingsSchema>
  paypal: z.infer<typeof paypalSettingsSchema>
  redsys: z.infer<typeof redsysSettingsSchema>
  on_site: z.infer<typeof onSiteSettingsSchema>
}

// An owner's actions on a payment (`owner-actions.ts`)

export const refundPaymentSchema = z.strictObject({
  /** Minor units; left out, everything not yet refunded. */
  amount: z.number('must be an amount in cents').int('must be a whole number of cents').positive('must be more than 0').optional(),
  reason: z.string('must be text').trim().min(1, 'Say why, for your records (the customer does not see it).').max(500, 'must be at most 500 characters'),
})
export type RefundPaymentInput = z.infer<typeof refundPaymentSchema>

export const paidAtVenueSchema = z.strictObject({
  method: z.enum(['cash', 'card'], 'Choose cash or card.'),
})
export type PaidAtVenueInput = z.infer<typeof paidAtVenueSchema>

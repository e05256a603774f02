/** Cloudflare's siteverify endpoint; the default `verifyUrl`. Configure another one for the fake. */
export const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify'

/**
 * Cloudflare's widget script. With it on a page, every `<div class="cf-turnstile"
 * data-sitekey="…">` inside a form renders itself and fills the form's `cf-turnstile-response`
 * (implicit rendering): no code of ours runs in the browser.
 */
export const TURNSTILE_SCRIPT_URL = 'https://challenges.cloudflare.com/turnstile/v0/api.js'

/**
 * Cloudflare's published test keys (developers.cloudflare.com/turnstile/reference/testing). They
 * work on any hostname, localhost included, and protect nothing: never use them in production.
 */
export const TURNSTILE_TEST_KEYS = {
  sitekeyPasses: '1x00000000000000000000AA',
  sitekeyFails: '2x00000000000000000000AB',
  sitekeyInvisiblePasses: '1x00000000000000000000BB',
  secretPasses: '1x0000000000000000000000000000000AA',
  secretFails: '2x0000000000000000000000000000000AA',
  secretSpent: '3x0000000000000000000000000000000AA',
} as const

/** The token the widget yields with a test sitekey (UNVERIFIED: third-party SDK, see README). */
export const TURNSTILE_DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX'

/** The form field the widget fills with its token. */
export const turnstileFieldName = 'cf-turnstile-response'

/** Cloudflare's documented maximum token length; longer ones are refused before any call. */
export const TURNSTILE_MAX_TOKEN_LENGTH = 2048

/** How long Cloudflare accepts a token after the challenge, in ms. */
export const TURNSTILE_TOKEN_LIFETIME_MS = 300_000

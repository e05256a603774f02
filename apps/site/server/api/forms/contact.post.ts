import { contactFormSchema, submitContactForm } from '@flectar/sites'
import { AppError, InvalidInputError, parseInput } from '@flectar/errors'
import { turnstileFieldName } from '@flectar/turnstile'

/**
 * A plain HTML form post from the contact-form block (works without JavaScript): files the
 * message in the inbox, emails the project's owners and admins, and sends the visitor back to the page with
 * `?sent=1`, or `?error=…`. Bots that fill the honeypot are rate limited and validated like
 * everyone, and told it worked; nothing of theirs is stored or sent. With Turnstile on for the
 * project, a post Cloudflare does not vouch for goes back with `?error=captcha` (or
 * `captcha_unavailable` when siteverify cannot be reached), and nothing is stored.
 */
export default defineEventHandler(async (event) => {
  const site = await resolveRequestSite(event)
  if (!site) throw createError({ statusCode: 404, statusMessage: 'Unknown site' })
  const body = (await readBody<Record<string, unknown>>(event).catch(() => undefined)) ?? {}
  const back = pathOnThisSite(body.pagePath, getRequestURL(event).origin)
  // Block ids are short slugs; anything else (too long, a lone surrogate) gets no anchor.
  const anchor = typeof body.blockId === 'string' && /^[\w-]{1,64}$/.test(body.blockId) ? `#block-${body.blockId}` : ''
  try {
    await enforceSiteRateLimit(event, 'contact')
    // Parsed here, inside the try: a bad field sends the visitor back with ?error=invalid.
    const input = parseInput(contactFormSchema, body)
    // Checked before anything is stored; a token is good for one check, so only once the fields are.
    const human = await checkFormTurnstile(event, site.project.id, body[turnstileFieldName], 'contact')
    if (human.outcome !== 'ok') return sendRedirect(event, `${back}?error=${human.outcome === 'refused' ? 'captcha' : 'captcha_unavailable'}${anchor}`, 303)
    await submitContactForm(useDatabase().db, site.project, input, { inboxUrl: conversationId => adminConversationUrl(site.project.id, conversationId) })
    return sendRedirect(event, `${back}?sent=1${anchor}`, 303)
  }
  catch (error) {
    if (!(error instanceof AppError)) throw error
    const reason = error instanceof InvalidInputError ? 'invalid' : error.statusCode === 429 ? 'rate_limited' : 'failed'
    return sendRedirect(event, `${back}?error=${reason}${anchor}`, 303)
  }
})

/**
 * Where to send the visitor back: the page's path, read as a URL of this site (so `/\evil`,
 * `//evil` or `https://evil` cannot leave it; browsers read `\` as `/`), else the home page.
 */
function pathOnThisSite(pagePath: unknown, origin: string): string {
  if (typeof pagePath !== 'string' || !pagePath.startsWith('/') || pagePath.length > 2000) return '/'
  try {
    const url = new URL(pagePath, origin)
    return url.origin === origin ? url.pathname : '/'
  }
  catch {
    return '/'
  }
}

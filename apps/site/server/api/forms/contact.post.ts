import { submitContactForm } from '@flectar/sites'
import { AppError, InvalidInputError } from '@flectar/errors'

/**
 * A plain HTML form post from the contact-form block (works without JavaScript): stores the
 * message and sends the visitor back to the page with `?sent=1`, or `?error=…`.
 */
export default defineEventHandler(async (event) => {
  const site = await resolveRequestSite(event)
  if (!site) throw createError({ statusCode: 404, statusMessage: 'Unknown site' })
  const body = (await readBody<Record<string, string>>(event)) ?? {}
  const back = typeof body.pagePath === 'string' && body.pagePath.startsWith('/') && !body.pagePath.startsWith('//') ? body.pagePath : '/'
  const anchor = typeof body.blockId === 'string' ? `#block-${encodeURIComponent(body.blockId)}` : ''
  // A filled honeypot is a bot: answer as if it worked, store nothing.
  if (body.website) return sendRedirect(event, `${back}?sent=1${anchor}`, 303)
  try {
    await enforceSiteRateLimit(event, 'contact')
    await submitContactForm(useDatabase().db, site.project, body)
    return sendRedirect(event, `${back}?sent=1${anchor}`, 303)
  }
  catch (error) {
    if (!(error instanceof AppError)) throw error
    const reason = error instanceof InvalidInputError ? 'invalid' : error.statusCode === 429 ? 'rate_limited' : 'failed'
    return sendRedirect(event, `${back}?error=${reason}${anchor}`, 303)
  }
})

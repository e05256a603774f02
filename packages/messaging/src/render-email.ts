export interface RenderEmailInput {
  /** The preview line mail apps show after the subject; hidden in the body. */
  preheader?: string
  heading: string
  /** Plain text; a `\n` inside one becomes a line break. */
  paragraphs: string[]
  /** One call to action: a button, with the link also written out. http(s) only. */
  action?: { label: string, url: string }
  /** Small print under the message: why they got it, what to do if it was not them. */
  footer?: string
  brandName?: string
  /** The `lang` of the HTML document (default `en`). */
  lang?: string
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, character => ESCAPES[character]!)
}

/** The URL, trimmed, if it is an absolute http(s) URL; throws otherwise. */
function safeActionUrl(url: string): string {
  const trimmed = url.trim()
  let parsed: URL
  try {
    parsed = new URL(trimmed)
  }
  catch {
    throw new Error('renderEmail: action.url must be an absolute http(s) URL')
  }
  const hasControlOrSpace = /\s/.test(trimmed) || [...trimmed].some(character => character.charCodeAt(0) < 32 || character.charCodeAt(0) === 127)
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || hasControlOrSpace) {
    throw new Error('renderEmail: action.url must be an absolute http(s) URL')
  }
  return trimmed
}

const FONT = 'font-family:-apple-system,BlinkMacSystemFont,\'Segoe UI\',Roboto,Helvetica,Arial,sans-serif'
const TEXT_COLOR = '#1f2937'
const MUTED = '#6b7280'
const ACCENT = '#1d4ed8'

function multiline(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, '<br>')
}

/**
 * A plain, branded transactional email: a table layout up to 560 px wide with inline
 * styles, no images and no remote resources, plus the plain-text part (the action URL
 * written out on its own line). Every piece of text is HTML-escaped.
 */
export function renderEmail(input: RenderEmailInput): { html: string, text: string } {
  const brandName = input.brandName?.trim() || 'Flectar Base'
  const lang = input.lang && /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(input.lang) ? input.lang : 'en'
  const url = input.action ? safeActionUrl(input.action.url) : undefined
  const paragraphs = input.paragraphs.filter(paragraph => paragraph.trim() !== '')

  const rows: string[] = []
  rows.push(`<tr><td style="padding:0 0 24px;${FONT};font-size:14px;font-weight:600;letter-spacing:0.02em;color:${MUTED}">${escapeHtml(brandName)}</td></tr>`)
  rows.push(`<tr><td style="padding:0 0 16px"><h1 style="margin:0;${FONT};font-size:22px;line-height:1.3;font-weight:700;color:${TEXT_COLOR}">${escapeHtml(input.heading)}</h1></td></tr>`)
  for (const paragraph of paragraphs) {
    rows.push(`<tr><td style="padding:0 0 16px"><p style="margin:0;${FONT};font-size:16px;line-height:1.6;color:${TEXT_COLOR}">${multiline(paragraph)}</p></td></tr>`)
  }
  if (input.action && url) {
    const href = escapeHtml(url)
    rows.push(
      '<tr><td style="padding:8px 0 16px">'
      + '<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>'
      + `<td style="border-radius:6px;background-color:${ACCENT}">`
      + `<a href="${href}" target="_blank" rel="noopener" style="display:inline-block;padding:12px 24px;${FONT};font-size:16px;font-weight:600;line-height:1.2;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(input.action.label)}</a>`
      + '</td></tr></table></td></tr>',
      `<tr><td style="padding:0 0 16px;${FONT};font-size:13px;line-height:1.5;color:${MUTED};word-break:break-all">`
      + `<a href="${href}" target="_blank" rel="noopener" style="color:${ACCENT};text-decoration:underline">${href}</a></td></tr>`,
    )
  }
  if (input.footer?.trim()) {
    rows.push(`<tr><td style="padding:16px 0 0;border-top:1px solid #e5e7eb;${FONT};font-size:13px;line-height:1.5;color:${MUTED}">${multiline(input.footer.trim())}</td></tr>`)
  }

  const preheader = input.preheader?.trim()
    ? `<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:#ffffff">${escapeHtml(input.preheader.trim())}</div>`
    : ''

  const html = '<!DOCTYPE html>'
    + `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">`
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + '<meta name="color-scheme" content="light"><meta name="supported-color-schemes" content="light">'
    + `<title>${escapeHtml(input.heading)}</title></head>`
    + '<body style="margin:0;padding:0;background-color:#f3f4f6">'
    + preheader
    + '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6">'
    + '<tr><td align="center" style="padding:24px 12px">'
    + '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-radius:8px">'
    + '<tr><td style="padding:32px 28px">'
    + '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'
    + rows.join('')
    + '</table></td></tr></table></td></tr></table></body></html>'

  const textParts = [input.heading.trim(), ...paragraphs.map(paragraph => paragraph.trim())]
  if (input.action && url) textParts.push(`${input.action.label.trim()}:\n${url}`)
  textParts.push(['--', input.footer?.trim(), brandName].filter(Boolean).join('\n'))
  const text = `${textParts.join('\n\n')}\n`

  return { html, text }
}
